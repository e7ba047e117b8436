package io.strato.examples.snippets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.EventSourcingDB;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import java.nio.file.Path;
import java.util.Map;

/** README quick start for strato-es. Compiled and tested with the build. */
public final class EsQuickStart {
  private EsQuickStart() {}

  // --- snippet: es
  /** A counter: register it with .model(new Counter()) or in META-INF/services/io.strato.es.spi.EventModel. */
  public static final class Counter implements EventModel {
    @Override
    public String name() {
      return "counter";
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      if (!ctx.event().type().equals("counter/add")) {
        return null;                                                   // not ours: no change
      }
      ESModel<ObjectNode> counters = ctx.model();
      long now = counters.get("total").map(c -> c.path("n").asLong()).orElse(0L);   // state at v-1
      return ReduceResult.result().set(Map.of("id", "total", "n", now + ctx.event().data().path("by").asLong()));
    }
  }

  /**
   * Dispatches two events and reads the derived state.
   *
   * @param file the database file
   * @return the counter's value
   */
  public static long run(Path file) {
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).model(new Counter()).build()) {
      es.dispatch("counter/add", Map.of("by", 2));                     // returns once processed
      es.dispatch("counter/add", Map.of("by", 3));
      ESModel<ObjectNode> counters = es.model("counter", ESModel.class);
      return counters.get("total").orElseThrow().path("n").asLong();   // 5
    }
  }
  // --- end
}
