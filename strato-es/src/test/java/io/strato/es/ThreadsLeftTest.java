package io.strato.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No thread of an EventSourcingDB outlives stopPolling() (the poller) or close() (the worker). */
class ThreadsLeftTest {
  @TempDir Path dir;

  private static List<String> alive(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.endsWith(name) && n.startsWith("strato-es-")).sorted().collect(Collectors.toList());
  }

  /** The worker and poller; the append thread of dispatchAsync lingers a second after its work. */
  private static List<String> workerAndPoller(String name) {
    return alive(name).stream().filter(n -> !n.startsWith("strato-es-append-")).collect(Collectors.toList());
  }

  @Test
  void stopPollingEndsThePollerAndCloseEndsTheWorker() throws Exception {
    String name = "threads-" + UUID.randomUUID() + ".db";
    EventSourcingDB es = Es.builder(dir).file(dir.resolve(name)).build();
    try {
      es.dispatchAsync("x", null).get(10, TimeUnit.SECONDS);
      es.startPolling();
      assertEquals(List.of("strato-es-poll-" + name, "strato-es-" + name), workerAndPoller(name), "worker and poller run");
      es.stopPolling();
      assertEquals(List.of("strato-es-" + name), workerAndPoller(name), "stopPolling returns once the poller ended");
      es.startPolling();
      es.dispatch("y", null);
    } finally {
      es.close();
    }
    assertTrue(alive(name).stream().noneMatch(n -> n.startsWith("strato-es-poll-")), "close stops polling first");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!alive(name).isEmpty() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertEquals(List.of(), alive(name), "the worker and the append thread end after close");
  }
}
