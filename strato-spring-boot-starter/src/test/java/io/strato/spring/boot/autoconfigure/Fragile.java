package io.strato.spring.boot.autoconfigure;

import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import java.util.Map;

/** A test model: {@code fragile/break} fails while {@link #broken} is set. */
public class Fragile implements EventModel {
  volatile boolean broken = true;

  @Override
  public String name() {
    return "fragile";
  }

  @Override
  public ReduceResult reduce(ReduxContext ctx) {
    if (ctx.event().type().equals("fragile/break")) {
      if (broken) {
        throw new IllegalStateException("fragile is broken");
      }
      return ReduceResult.result().set(Map.of("id", "ok", "fixed", true));
    }
    return null;
  }
}
