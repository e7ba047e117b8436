package io.strato.es.internal.processing;

import io.strato.es.log.EventLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling thread: keeps processing, including events added by other processes, between
 * {@code startPolling} and {@code stopPolling}. It never spins: while processing is halted it
 * sleeps until the next retry is due (after the retries stopped it looks about once a second
 * whether the failed event was fixed elsewhere), while another thread processes it waits for the
 * lock, otherwise it waits on the log.
 */
final class Poller {
  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
  /** How often a poller on a log halted after its retries looks whether the event was fixed. */
  static final long HALTED_POLL_MILLIS = 1000;
  private static final Duration LOG_WAIT = Duration.ofSeconds(1);

  private final ProcessingLoop loop;
  private final EventLog log;
  private final Duration errorPause;
  private Thread thread;
  /** Guarded by this: true while the poller runs events (then stop() does not interrupt it). */
  private boolean processing;

  Poller(ProcessingLoop loop, EventLog log, Duration errorPause) {
    this.loop = loop;
    this.log = log;
    this.errorPause = errorPause;
  }

  synchronized void start() {
    if (thread != null) {
      return;
    }
    Thread t = new Thread(this::run, "strato-es-poll-" + loop.name());
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /**
   * Stops the thread and waits (up to 30 s) for it to finish its current event. An event being
   * processed is never interrupted (its phases might be half-way through a side effect): only a
   * poller that is waiting or sleeping is interrupted; a busy one stops after its event.
   */
  void stop() {
    Thread t;
    synchronized (this) {
      t = thread;
      thread = null;
      if (t != null && !processing) {
        t.interrupt();
      }
    }
    if (t != null && t != Thread.currentThread()) {
      // From the poller itself (close() in a listener it runs) there is nothing to wait for: it
      // leaves its loop when the listener returns, as it is no longer the poller.
      log.wake();
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized boolean mine() {
    return thread == Thread.currentThread();
  }

  /** Marks the poller busy with an event, unless it was stopped meanwhile. */
  private synchronized boolean beginProcessing() {
    if (thread != Thread.currentThread()) {
      return false;
    }
    processing = true;
    return true;
  }

  /** Ends an event; false when the poller was stopped meanwhile (stop() did not interrupt it then). */
  private synchronized boolean endProcessing() {
    processing = false;
    return thread == Thread.currentThread();
  }

  /** What a turn of work did. */
  private enum Turn {
    /** Processed or attempted events: look again at once. */
    WORKED,
    /** Nothing to do: wait. */
    IDLE,
    /** Stopped before or during the turn: leave without waiting. */
    STOPPED
  }

  /** Runs {@code work} marked busy (so that stop() does not interrupt it). */
  private Turn busy(BooleanSupplier work) {
    if (!beginProcessing()) {
      return Turn.STOPPED;
    }
    boolean worked;
    boolean stillMine;
    try {
      worked = work.getAsBoolean();
    } finally {
      stillMine = endProcessing();
    }
    // Stopped while busy: stop() skipped the interrupt, so a wait now would run its full length.
    return !stillMine ? Turn.STOPPED : worked ? Turn.WORKED : Turn.IDLE;
  }

  private void run() {
    while (mine() && !loop.isClosed()) {
      try {
        once();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (loop.isClosed() || !mine()) {
          return; // closing or stopped: the error is the closing's, and nobody would stop the pause
        }
        LOG.warn("EventSourcingDB '{}': polling failed, retrying", loop.name(), e);
        try {
          Thread.sleep(errorPause.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void once() throws InterruptedException {
    FailureState.Failure f = loop.failure();
    if (f != null && f.exhausted()) {
      if (busy(() -> loop.retryIfFixedElsewhere(f)) == Turn.IDLE) {
        Thread.sleep(HALTED_POLL_MILLIS);
      }
      return;
    }
    if (busy(() -> loop.processAvailable(false)) != Turn.IDLE) {
      return;
    }
    long untilRetry = loop.nanosUntilRetry();
    if (loop.failure() != null) {
      Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(untilRetry, TimeUnit.SECONDS.toNanos(1)))));
    } else if (!loop.awaitLockFree()) {
      log.awaitNext(loop.version(), LOG_WAIT);
    }
  }
}
