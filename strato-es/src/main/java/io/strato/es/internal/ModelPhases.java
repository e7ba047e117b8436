package io.strato.es.internal;

import io.strato.es.spi.Deriver;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.Preprocessor;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.Transactor;
import io.strato.jsonmodel.ModelConfig;

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
    String name = m.name();
    Preprocessor p = overrides(m, "preprocess", io.strato.es.spi.ReduxContext.class) ? new Preprocessor() {
      @Override
      public String model() {
        return name;
      }

      @Override
      public io.strato.queue.Event preprocess(io.strato.es.spi.ReduxContext ctx) throws Exception {
        return m.preprocess(ctx);
      }
    } : null;
    Reducer r = overrides(m, "reduce", io.strato.es.spi.ReduxContext.class) ? new Reducer() {
      @Override
      public String model() {
        return name;
      }

      @Override
      public io.strato.es.spi.ReduceResult reduce(io.strato.es.spi.ReduxContext ctx) throws Exception {
        return m.reduce(ctx);
      }
    } : null;
    Deriver d = overrides(m, "derive", io.strato.es.spi.DeriveContext.class) ? new Deriver() {
      @Override
      public String model() {
        return name;
      }

      @Override
      public void derive(io.strato.es.spi.DeriveContext ctx) throws Exception {
        m.derive(ctx);
      }
    } : null;
    Transactor t = overrides(m, "transact", io.strato.es.spi.TransactContext.class) ? new Transactor() {
      @Override
      public String model() {
        return name;
      }

      @Override
      public void transact(io.strato.es.spi.TransactContext ctx) throws Exception {
        m.transact(ctx);
      }
    } : null;
    return new ModelPhases(name, m.config(), m.init(), p, r, d, t, m.getClass().getName());
  }

  private static boolean overrides(EventModel m, String method, Class<?> arg) {
    try {
      return m.getClass().getMethod(method, arg).getDeclaringClass() != EventModel.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
