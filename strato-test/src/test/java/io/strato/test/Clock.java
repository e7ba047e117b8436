package io.strato.test;

import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import java.util.Map;

/** A model whose reducer reads the clock: not deterministic. */
public final class Clock implements EventModel {
  @Override
  public String name() {
    return "clock";
  }

  @Override
  public ReduceResult reduce(ReduxContext ctx) {
    if (!ctx.event().type().equals("tick")) {
      return null;
    }
    return ReduceResult.result().set(Map.of("id", "now", "nanos", System.nanoTime()));
  }
}
