package io.strato.es.internal.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** close() waits for the worker's running task, never for itself, and nothing runs after it. */
class WorkerThreadTest {
  @Test
  void awaitStoppedWaitsForTheRunningTaskAndRefusesNewOnes() throws Exception {
    WorkerThread w = new WorkerThread("wt-test");
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    w.execute(() -> {
      running.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException("the running task must not be interrupted", e);
      }
    });
    assertTrue(running.await(10, TimeUnit.SECONDS));
    w.shutdown();
    assertFalse(w.awaitStopped(Duration.ofMillis(100)), "still running its task");
    assertThrows(RejectedExecutionException.class, () -> w.execute(() -> { }));
    w.schedule(() -> { }, 1); // a retry scheduled while closing is dropped, not thrown
    release.countDown();
    assertTrue(w.awaitStopped(Duration.ofSeconds(10)), "stopped once its task ended");
  }

  @Test
  void onTheWorkerItselfAwaitStoppedDoesNotWaitForItself() throws Exception {
    WorkerThread w = new WorkerThread("wt-self");
    CompletableFuture<Long> took = new CompletableFuture<>();
    w.execute(() -> {
      w.shutdown();
      long t0 = System.nanoTime();
      boolean stopped = w.awaitStopped(Duration.ofSeconds(20));
      took.complete(stopped ? System.nanoTime() - t0 : -1);
    });
    long nanos = took.get(30, TimeUnit.SECONDS);
    assertTrue(nanos >= 0 && nanos < TimeUnit.SECONDS.toNanos(1), "returned at once: " + nanos);
    assertTrue(w.awaitStopped(Duration.ofSeconds(10)));
  }

  @Test
  void aScheduledRetryRunsOnTheWorkerAfterItsDelay() throws Exception {
    WorkerThread w = new WorkerThread("wt-retry");
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    AtomicBoolean early = new AtomicBoolean(true);
    long t0 = System.nanoTime();
    w.schedule(() -> {
      early.set(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(50));
      ranOn.complete(Thread.currentThread().getName());
    }, TimeUnit.MILLISECONDS.toNanos(60));
    assertEquals("strato-es-wt-retry", ranOn.get(10, TimeUnit.SECONDS));
    assertFalse(early.get(), "not before its delay");
    w.shutdown();
    assertTrue(w.awaitStopped(Duration.ofSeconds(10)));
  }

  @Test
  void itsThreadIsADaemonSoItNeverKeepsTheJvmAlive() throws Exception {
    WorkerThread w = new WorkerThread("wt-daemon");
    CompletableFuture<Boolean> daemon = new CompletableFuture<>();
    w.execute(() -> daemon.complete(Thread.currentThread().isDaemon()));
    assertTrue(daemon.get(10, TimeUnit.SECONDS));
    w.shutdown();
    assertTrue(w.awaitStopped(Duration.ofSeconds(10)));
  }

  @Test
  void anInterruptedAwaitStoppedReturnsFalseAndKeepsTheInterrupt() throws Exception {
    WorkerThread w = new WorkerThread("wt-interrupt");
    CountDownLatch release = new CountDownLatch(1);
    w.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    w.shutdown();
    Thread.currentThread().interrupt();
    try {
      assertFalse(w.awaitStopped(Duration.ofSeconds(20)), "an interrupted wait says it did not see the stop");
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
    } finally {
      Thread.interrupted();
      release.countDown();
    }
    assertTrue(w.awaitStopped(Duration.ofSeconds(10)));
  }
}
