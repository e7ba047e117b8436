package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waiting for an event that another thread is processing costs no CPU: callers park, they do not spin. */
class WaitingEdgesTest {
  @TempDir Path dir;

  @Test
  void aCallerWaitingBehindAnotherThreadsBatchDoesNotBurnCpu() throws Exception {
    CountDownLatch inSlow = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventSourcingDB es = builder(dir).reducer(red("c", c -> {
      if (c.event().type().equals("slow")) {
        inSlow.countDown();
        release.await(20, TimeUnit.SECONDS);
      }
      return ReduceResult.result().set(obj("id", "c", "v", c.event().v()));
    })).build()) {
      es.open();
      es.queue().add("slow", null);
      es.queue().add("next", null);
      CompletableFuture<Void> working = CompletableFuture.runAsync(() -> es.handledVersion(1));
      assertTrue(inSlow.await(20, TimeUnit.SECONDS));
      AtomicReference<Thread> waiterThread = new AtomicReference<>();
      CountDownLatch waiting = new CountDownLatch(1);
      CompletableFuture<Event> waiter = CompletableFuture.supplyAsync(() -> {
        waiterThread.set(Thread.currentThread());
        waiting.countDown();
        return es.handledVersion(2);
      });
      assertTrue(waiting.await(20, TimeUnit.SECONDS));
      Thread.sleep(100);
      // Sample the waiter for about a second while event 1 holds processing: a blocked caller
      // is parked (TIMED_WAITING), a spinning one is RUNNABLE whenever it is looked at.
      int runnable = 0;
      int samples = 100;
      for (int i = 0; i < samples; i++) {
        if (waiterThread.get().getState() == Thread.State.RUNNABLE) {
          runnable++;
        }
        Thread.sleep(10);
      }
      release.countDown();
      assertEquals(2, waiter.get(20, TimeUnit.SECONDS).v());
      working.get(20, TimeUnit.SECONDS);
      assertTrue(runnable < samples / 2, "the waiting caller was running in " + runnable + " of " + samples
          + " samples: it spins instead of waiting");
    } finally {
      release.countDown();
    }
  }
}
