package io.strato.es.spi;

import io.strato.queue.Event;/**
 * A standalone preprocess phase for one model, discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.strato.es.spi.Preprocessor} or {@code provides} in module-info) or
 * registered with the builder. Changes an event before reducers see it (e.g. to fill in ids or canonicalise its type). Return null to leave it unchanged; a returned event must keep `v` and have a non-empty type.
 *
 * <p>At most one Preprocessor per model: a second one, or an {@link EventModel} of that name that
 * overrides {@code preprocess}, is a configuration error.
 */
public interface Preprocessor {
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
  Event preprocess(ReduxContext ctx) throws Exception;
}
