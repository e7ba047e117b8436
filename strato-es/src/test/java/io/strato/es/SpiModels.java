package io.strato.es;

import io.strato.es.spi.DeriveContext;
import io.strato.es.spi.Deriver;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.ModelConfig;
import java.util.Map;

/**
 * Providers listed in src/test/resources/META-INF/services (class-path discovery). Each has a
 * public no-arg constructor, as ServiceLoader requires.
 */
public final class SpiModels {
  private SpiModels() {}

  /** A model with a reducer: "note/add" inserts a note. */
  public static final class Notes implements EventModel {
    @Override
    public String name() {
      return "spi_notes";
    }

    @Override
    public ModelConfig<?> config() {
      return ModelConfig.builder("spi_notes").build();
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      if (ctx.event().type().equals("note/add")) {
        return ReduceResult.result().ins(ctx.event().data());
      }
      return null;
    }
  }

  /** A standalone deriver for the notes model: counts notes in the (undefined) stats model. */
  public static final class NotesDeriver implements Deriver {
    @Override
    public String model() {
      return "spi_notes";
    }

    @Override
    public void derive(DeriveContext ctx) {
      if (ctx.event().type().equals("note/add")) {
        ESModel<?> stats = ctx.model("spi_stats", ESModel.class);
        ESModel<?> notes = ctx.model();
        @SuppressWarnings("unchecked")
        ESModel<com.fasterxml.jackson.databind.node.ObjectNode> s =
            (ESModel<com.fasterxml.jackson.databind.node.ObjectNode>) stats;
        s.set(Es.obj("id", "notes", "count", notes.count(Map.of())));
      }
    }
  }

  /** A standalone reducer for a model no EventModel defines: it gets a default ESModel table. */
  public static final class StatsReducer implements Reducer {
    @Override
    public String model() {
      return "spi_stats";
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      if (ctx.event().type().equals("stats/reset")) {
        return ReduceResult.result().rm("notes");
      }
      return null;
    }
  }

  /** Conflicts with {@link StatsReducer} (registered explicitly only). */
  public static final class OtherStatsReducer implements Reducer {
    @Override
    public String model() {
      return "spi_stats";
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      return null;
    }
  }

  /** A standalone reducer for the notes model: conflicts with {@link Notes#reduce}. */
  public static final class NotesReducer implements Reducer {
    @Override
    public String model() {
      return "spi_notes";
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      return null;
    }
  }
}
