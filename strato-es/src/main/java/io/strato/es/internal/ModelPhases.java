package io.strato.es.internal;

import io.strato.es.spi.DeriveContext;
import io.strato.es.spi.Deriver;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.Preprocessor;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.ReduxContext;
import io.strato.es.spi.TransactContext;
import io.strato.es.spi.Transactor;
import io.strato.jsonmodel.ModelConfig;
import io.strato.queue.Event;

/**
 * One model of an event-sourcing DB and its phases, each null when absent.
 *
 * @param name the model name
 * @param config the table definition, or null for a schemaless model
 * @param init whether to queue {@code es/INIT:<name>} when the table is created
 * @param preprocessor the user preprocessor
 * @param reducer the user reducer
 * @param deriver the deriver
 * @param transactor the transactor
 * @param sources where each part came from, for error messages
 */
public record ModelPhases(String name, ModelConfig<?> config, boolean init, Preprocessor preprocessor,
    Reducer reducer, Deriver deriver, Transactor transactor, String sources) {

  /**
   * The phases an {@link EventModel} overrides.
   *
   * @param m the model
   * @return its phases
   */
  public static ModelPhases of(EventModel m) {
    Preprocessor p = overrides(m, "preprocess", ReduxContext.class) ? new ModelPreprocessor(m) : null;
    Reducer r = overrides(m, "reduce", ReduxContext.class) ? new ModelReducer(m) : null;
    Deriver d = overrides(m, "derive", DeriveContext.class) ? new ModelDeriver(m) : null;
    Transactor t = overrides(m, "transact", TransactContext.class) ? new ModelTransactor(m) : null;
    return new ModelPhases(m.name(), m.config(), m.init(), p, r, d, t, m.getClass().getName());
  }

  /** An EventModel's preprocess as a standalone phase (the model's name is its own). */
  private record ModelPreprocessor(EventModel m) implements Preprocessor {
    @Override
    public String model() {
      return m.name();
    }

    @Override
    public Event preprocess(ReduxContext ctx) throws Exception {
      return m.preprocess(ctx);
    }
  }

  /** An EventModel's reduce as a standalone phase. */
  private record ModelReducer(EventModel m) implements Reducer {
    @Override
    public String model() {
      return m.name();
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) throws Exception {
      return m.reduce(ctx);
    }
  }

  /** An EventModel's derive as a standalone phase. */
  private record ModelDeriver(EventModel m) implements Deriver {
    @Override
    public String model() {
      return m.name();
    }

    @Override
    public void derive(DeriveContext ctx) throws Exception {
      m.derive(ctx);
    }
  }

  /** An EventModel's transact as a standalone phase. */
  private record ModelTransactor(EventModel m) implements Transactor {
    @Override
    public String model() {
      return m.name();
    }

    @Override
    public void transact(TransactContext ctx) throws Exception {
      m.transact(ctx);
    }
  }

  private static boolean overrides(EventModel m, String method, Class<?> arg) {
    try {
      return m.getClass().getMethod(method, arg).getDeclaringClass() != EventModel.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
