package io.strato.es;

import static io.strato.es.Es.builder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event data at the nesting limit (1000 levels): stored, processed and readable everywhere (the
 * history row wraps the data in more levels; SQLite must still read it), one level more is
 * refused up front with an IllegalArgumentException, never a raw SQLite "malformed JSON" later.
 */
class DeepEventDataTest {
  @TempDir Path dir;

  private static Object nested(int levels) {
    Object v = "leaf";
    for (int i = 1; i < levels; i++) {
      v = Map.of("k", v);
    }
    return Map.of("k", v);
  }

  @Test
  void dataAtTheLimitIsRefusedOrWorksEverywhere() {
    List<String> outcomes = new ArrayList<>();
    try (EventSourcingDB es = builder(dir).build()) {
      for (int levels : new int[] {990, 996, 997, 998, 999, 1000, 1001}) {
        try {
          Event e = es.dispatch("deep", nested(levels));
          assertEquals(e.v(), es.handledVersion(e.v()).v());
          assertTrue(es.queue().get(e.v()).isPresent());
          es.operations().history(HistoryFilter.all());
          es.operations().history(HistoryFilter.all().failedOnly());
          outcomes.add(levels + " ok");
        } catch (IllegalArgumentException e) {
          outcomes.add(levels + " refused");
        }
      }
      es.operations().verify();
    }
    assertEquals(List.of("990 ok", "996 ok", "997 ok", "998 ok", "999 ok", "1000 ok", "1001 refused"), outcomes,
        "up to 1000 levels stored, processed and readable; beyond, refused before anything is added");
  }
}
