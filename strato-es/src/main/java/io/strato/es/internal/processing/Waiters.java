package io.strato.es.internal.processing;

import io.strato.queue.Event;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Callers waiting for versions: version → future. Each waiter remembers the processing attempt
 * it arrived after, so a failure only fails the waiters that were there before that attempt
 * (a later caller may have fixed the event and gets an attempt of its own). Thread-safe.
 */
final class Waiters {
  /** A waiter: its future, and the attempt counter when it came (-1: any attempt may end it). */
  private record Waiter(CompletableFuture<Event> future, long seq) {}

  private final Map<Long, Waiter> byVersion = new ConcurrentHashMap<>();
  private final AtomicLong attempts = new AtomicLong();

  /** Starts a processing attempt; waiters registered from now on are not failed by it. */
  long nextAttempt() {
    return attempts.incrementAndGet();
  }

  /** The future for version v, shared by every caller waiting for it. */
  CompletableFuture<Event> await(long v) {
    return byVersion.computeIfAbsent(v, k -> new Waiter(new CompletableFuture<>(), attempts.get())).future();
  }

  /** Registers a dispatcher's own future for v (any attempt may complete or fail it). */
  void register(long v, CompletableFuture<Event> future) {
    byVersion.put(v, new Waiter(future, -1));
  }

  /** Removes v's waiter when it is {@code future}. */
  void remove(long v, CompletableFuture<Event> future) {
    Waiter w = byVersion.get(v);
    if (w != null && w.future() == future) {
      byVersion.remove(v, w);
    }
  }

  /** Forgets v's waiter, whatever it is. */
  void forget(long v) {
    byVersion.remove(v);
  }

  /** Completes v's waiter with the event. */
  void complete(long v, Event e) {
    Waiter w = byVersion.remove(v);
    if (w != null) {
      w.future().complete(e);
    }
  }

  /** Completes every waiter for a version ≤ v, reading each event with {@code read}. */
  void completeUpTo(long v, LongFunction<Event> read) {
    for (Long k : byVersion.keySet()) {
      if (k <= v) {
        Waiter w = byVersion.remove(k);
        if (w != null) {
          w.future().complete(read.apply(k));
        }
      }
    }
  }

  /** Fails v's waiter if it was there before {@code attempt}. */
  void fail(long v, long attempt, RuntimeException error) {
    Waiter w = byVersion.get(v);
    if (w != null && w.seq() < attempt && byVersion.remove(v, w)) {
      w.future().completeExceptionally(error);
    }
  }

  /** Fails every waiter for a version above v that was there before {@code attempt}. */
  void failAbove(long v, long attempt, LongFunction<RuntimeException> error) {
    for (Long k : byVersion.keySet()) {
      if (k > v) {
        fail(k, attempt, error.apply(k));
      }
    }
  }

  /** Fails every waiter (on close). */
  void failAll(LongFunction<RuntimeException> error) {
    for (Long k : byVersion.keySet()) {
      Waiter w = byVersion.remove(k);
      if (w != null) {
        w.future().completeExceptionally(error.apply(k));
      }
    }
  }
}
