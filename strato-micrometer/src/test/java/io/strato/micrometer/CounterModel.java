package io.strato.micrometer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import java.util.Map;

/** A test model: {@code add} adds, {@code add} of a negative amount is rejected, {@code boom} fails while armed. */
final class CounterModel implements EventModel {
  volatile boolean failing = true;

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public ReduceResult reduce(ReduxContext ctx) {
    switch (ctx.event().type()) {
      case "add": {
        long by = ctx.event().data().path("by").asLong();
        if (by < 0) {
          return ReduceResult.reject("negative amount");
        }
        ESModel<ObjectNode> m = ctx.model();
        long now = m.get("total").map(c -> c.path("n").asLong()).orElse(0L);
        return ReduceResult.result().set(Map.of("id", "total", "n", now + by));
      }
      case "boom":
        if (failing) {
          throw new IllegalStateException("armed");
        }
        return null;
      default:
        return null;
    }
  }
}
