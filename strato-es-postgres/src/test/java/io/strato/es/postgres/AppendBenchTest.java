package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A small smoke run of {@link AppendBench}: every variant works and leaves a gapless log. */
class AppendBenchTest {
  @Test
  void everyVariantRunsAndStaysGapless() throws Exception {
    PgTestSupport.requireServer();
    List<AppendBench.Result> results = AppendBench.run(200, 2);
    assertEquals(5, results.size());
    results.forEach(r -> assertTrue(r.perSecond() > 0, r.toString()));
  }
}
