package io.strato.es;

import static io.strato.es.Es.obj;

import io.strato.es.spi.ReduceResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rough throughput numbers (prints only; not a test). Run after {@code mvn test-compile}:
 * {@code java -cp "strato-es/target/test-classes:strato-es/target/classes:$(cat cp.txt)" io.strato.es.ThroughputMain}.
 */
public final class ThroughputMain {
  private ThroughputMain() {}

  /**
   * Entry point.
   *
   * @param args unused
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("es-bench");
    int n = 2_000;
    try (EventSourcingDB es = EventSourcingDB.builder().file(dir.resolve("a.db"))
        .reducer(Es.red("m", c -> ReduceResult.result().set(obj("id", "k" + c.event().v() % 100, "v", c.event().v()))))
        .build()) {
      es.dispatch("warm", null);
      long t = System.nanoTime();
      for (int i = 0; i < n; i++) {
        es.dispatch("x", null);
      }
      double s = (System.nanoTime() - t) / 1e9;
      System.out.printf("sequential dispatch: %d events in %.2f s = %.0f events/s%n", n, s, n / s);
    }
    int q = 10_000;
    try (EventSourcingDB es = EventSourcingDB.builder().file(dir.resolve("b.db"))
        .reducer(Es.red("m", c -> ReduceResult.result().set(obj("id", "k" + c.event().v() % 100, "v", c.event().v()))))
        .build()) {
      es.open();
      es.db().withTransaction(() -> {
        for (int i = 0; i < q; i++) {
          es.queue().add("x", null);
        }
      });
      long t = System.nanoTime();
      es.waitForQueue();
      double s = (System.nanoTime() - t) / 1e9;
      System.out.printf("waitForQueue: %d pre-queued events in %.2f s = %.0f events/s (version %d)%n", q, s, q / s,
          es.getVersion());
    }
  }
}
