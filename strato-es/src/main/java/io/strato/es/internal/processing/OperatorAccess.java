package io.strato.es.internal.processing;

import io.strato.es.log.EventLog;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What history operations use of a {@link ProcessingLoop}: the failure it is halted at, its
 * processing lock, and "process now". Kept apart so the loop stays about processing.
 */
public final class OperatorAccess {
  private final ProcessingLoop loop;
  private final EventLog log;
  private final ReentrantLock lock;
  private final FailureState failures;
  private final GroupCommit group;

  OperatorAccess(ProcessingLoop loop, EventLog log, ReentrantLock lock, FailureState failures, GroupCommit group) {
    this.loop = loop;
    this.log = log;
    this.lock = lock;
    this.failures = failures;
    this.group = group;
  }

  /**
   * What this process knows about the failed event processing is halted at.
   *
   * @return the failure, or empty when not halted (as far as this process knows)
   */
  public Optional<HaltSnapshot> halt() {
    FailureState.Failure f = failures.current();
    if (f == null) {
      return Optional.empty();
    }
    long ns = failures.nanosUntilNext();
    return Optional.of(new HaltSnapshot(f.event(), f.attempts(),
        ns == Long.MAX_VALUE ? Optional.empty() : Optional.of(Duration.ofNanos(ns)), f.exhausted()));
  }

  /**
   * Runs {@code body} holding the processing lock (waits for an event being processed here), so
   * an operation's writes never interleave with this process's processing.
   *
   * @param body the operation
   * @param <T> its result
   * @return what it returned
   */
  public <T> T exclusive(Supplier<T> body) {
    loop.checkOpen();
    lock.lock();
    try {
      return body.get();
    } finally {
      loop.forgetVersion();
      lock.unlock();
      group.wakeHead();
    }
  }

  /**
   * Processes everything queued now, retrying a failed event at once (also after its retries
   * stopped); stops at a failure.
   *
   * @return the failed event it stopped at, or empty
   */
  public Optional<Event> retryNow() {
    loop.checkOpen();
    failures.restartIfStopped();
    boolean force = true;
    while (true) {
      if (loop.processAvailable(force)) {
        force = false;
        if (failures.current() != null || log.head() <= loop.version()) {
          break;
        }
      } else if (lock.isLocked() && !lock.isHeldByCurrentThread()) {
        loop.awaitLockFreeUninterruptibly();
      } else {
        break;
      }
    }
    FailureState.Failure f = failures.current();
    return f == null ? Optional.empty() : Optional.of(f.event());
  }

  /**
   * The state's version as the loop knows it.
   *
   * @return the version
   */
  public long version() {
    return loop.version();
  }
}
