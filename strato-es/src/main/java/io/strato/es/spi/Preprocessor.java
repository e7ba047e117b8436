package io.strato.es.spi;

import io.strato.queue.Event;

/**
 * A standalone preprocess phase for one model, discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.strato.es.spi.Preprocessor} or {@code provides} in module-info) or
 * registered with the builder. Changes an event before reducers see it (e.g. to fill in ids or
 * canonicalise its type). Return null to leave it unchanged; a returned event must keep {@code v}
 * and have a non-empty type. The history stores the event as the preprocessors left it.
 *
 * <p><b>What it sees.</b> Every processing of an event sees the event as it was dispatched: the
 * first one, a retry after the event failed, and a new attempt after the state rolled back or the
 * process died before committing (also with the history in its own {@code queueFile}). A replay
 * (rebuild, replayInto, verify) sees the stored event, i.e. this phase's own earlier output, so
 * ids or other values it generated come back the same; a preprocessor that is not idempotent
 * (turning dollars into cents) should mark what it did, e.g. by changing the type.
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
