package io.strato.es.spi;

/**
 * A standalone reduce phase for one model, discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.strato.es.spi.Reducer} or {@code provides} in module-info) or
 * registered with the builder. Turns an event into this model's changes; must not write (all reducers see the state before the event). Return null or {@link ReduceResult#none()} for no change.
 *
 * <p>At most one Reducer per model: a second one, or an {@link EventModel} of that name that
 * overrides {@code reduce}, is a configuration error.
 */
public interface Reducer {
  /**
   * The name of the model this phase belongs to (a model of that name is created as a plain
   * {@code ESModel} when no {@link EventModel} defines it).
   *
   * @return the model name
   */
  String model();

  /**
   * Runs the phase.
   *
   * @param ctx the context
   * @return see the type's description
   * @throws Exception any failure: the event fails, its changes roll back
   */
  ReduceResult reduce(ReduxContext ctx) throws Exception;
}
