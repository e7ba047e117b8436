package io.strato.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.WriteOptions;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EsSmokeTest {
  @TempDir Path dir;

  static final class Counter implements EventModel {
    @Override
    public String name() {
      return "counter";
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      if (ctx.event().type().equals("inc")) {
        ESModel<ObjectNode> m = ctx.model();
        long n = m.get("c").map(o -> o.path("n").asLong()).orElse(0L);
        return ReduceResult.result().set(Map.of("id", "c", "n", n + ctx.event().data().path("by").asLong(1)));
      }
      if (ctx.event().type().equals("boom")) {
        throw new IllegalStateException("boom!");
      }
      return null;
    }
  }

  @Test
  void dispatchReduceFailAndEsModel() {
    try (EventSourcingDB es = EventSourcingDB.builder().file(dir.resolve("es.db")).model(new Counter())
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(2).build()) {
      Event e1 = es.dispatch("inc", Map.of("by", 2));
      assertEquals(1, e1.v());
      assertEquals(2, e1.result().path("counter").path("set").get(0).path("n").asLong());
      es.dispatch("inc", Map.of("by", 3));
      ESModel<ObjectNode> m = es.model("counter", ESModel.class);
      assertEquals(5, m.get("c").orElseThrow().path("n").asLong());
      assertEquals(2, es.getVersion());
      EventFailedException ex = assertThrows(EventFailedException.class, () -> es.dispatch("boom", null));
      assertTrue(ex.event().error().has("_reduce_counter"), ex.event().toString());
      assertEquals(2, es.getVersion());
      // fix the failed event by replacing it
      es.queue().set(ex.event().withType("inc").withError(null).withData(m.objectMapper().createObjectNode().put("by", 1)));
      Event fixed = es.handledVersion(3);
      assertNotNull(fixed);
      assertEquals(6, m.get("c").orElseThrow().path("n").asLong());
      ObjectNode x = m.set(m.objectMapper().createObjectNode().put("hello", "world"));
      assertNotNull(x.get("id"));
      assertEquals("world", m.get(x.get("id").asText()).orElseThrow().path("hello").asText());
      assertThrows(io.strato.db.StratoException.class,
          () -> m.set(m.objectMapper().createObjectNode().put("id", x.get("id").asText()),
              WriteOptions.insertOnly(), null));
    }
  }
}
