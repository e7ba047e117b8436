package io.strato.es.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for single appends from concurrent threads (dispatchers on every node of this
 * JVM): each append queues its event; whichever thread gets the lock writes every queued event
 * in one statement and one transaction ({@link Writer}), so many waiting appenders share one
 * round trip, one turn on the counter row's lock and one WAL flush. A lone appender writes
 * alone, with no wait. Versions still follow commit order, and each event's is returned to
 * its own caller.
 *
 * <p>Data is serialised by the caller before queueing, so bad data fails its own append only.
 * A write that fails (PostgreSQL unreachable past the reconnect timeout) fails every append of
 * that statement, none of which was written. Thread-safe.
 */
final class AppendGroup {
  /** The most events one statement carries; more waiting appenders take further turns. */
  static final int MAX_GROUP = 1000;

  /**
   * One queued append.
   *
   * @param type the event type
   * @param ts ms since the epoch (never 0: filled in by the caller)
   * @param data the payload as given, for the returned event
   * @param json the payload as JSON text, or null
   */
  record Pending(String type, long ts, JsonNode data, String json) {}

  /** Writes a group in one transaction and returns the version of its last event. */
  @FunctionalInterface
  interface Writer {
    long write(List<Pending> group);
  }

  private record Queued(Pending pending, CompletableFuture<Event> done) {}

  private final Writer writer;
  private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock turn = new ReentrantLock();

  AppendGroup(Writer writer) {
    this.writer = writer;
  }

  /**
   * Appends one event, sharing the statement with whatever else is queued.
   *
   * @param p the event
   * @return the stored event with its version
   */
  Event append(Pending p) {
    Queued mine = new Queued(p, new CompletableFuture<>());
    queue.add(mine);
    turn.lock(); // while another thread writes, this one's event joins the next group
    try {
      while (!mine.done().isDone()) {
        writeGroup();
      }
    } finally {
      turn.unlock();
    }
    try {
      return mine.done().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** How many appends wait for the next group now (for tests and diagnostics). */
  int waiting() {
    return queue.size();
  }

  /** Writes up to {@link #MAX_GROUP} queued events, oldest first (turn held). */
  private void writeGroup() {
    List<Queued> group = new ArrayList<>();
    Queued q;
    while (group.size() < MAX_GROUP && (q = queue.poll()) != null) {
      group.add(q);
    }
    if (group.isEmpty()) {
      return;
    }
    long last;
    try {
      last = writer.write(group.stream().map(Queued::pending).toList());
    } catch (RuntimeException | Error e) {
      group.forEach(g -> g.done().completeExceptionally(e));
      return;
    }
    long first = last - group.size() + 1;
    for (int i = 0; i < group.size(); i++) {
      Pending p = group.get(i).pending();
      group.get(i).done().complete(new Event(first + i, p.type(), p.ts(), p.data(), null, null, null, null));
    }
  }
}
