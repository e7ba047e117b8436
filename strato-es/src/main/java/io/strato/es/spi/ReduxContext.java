package io.strato.es.spi;

import io.strato.db.DBModel;
import io.strato.queue.Event;
import java.util.Map;

/**
 * What preprocessors and reducers get while an event is processed. Reads through
 * {@link #model()} and {@link #store()} see the state of the event's transaction; reducers all
 * see the state before the event (v-1).
 *
 * <p>Contexts are confined to the processing thread and to the call they are passed to.
 */
public interface ReduxContext {
  /**
   * The event being processed (after preprocessing, for reducers).
   *
   * @return the event
   */
  Event event();

  /**
   * This phase's own model, typed as the caller expects (usually {@code ESModel<T>}).
   *
   * @param <M> the model type
   * @return the model
   */
  <M> M model();

  /**
   * Every model by name.
   *
   * @return the store
   */
  Map<String, DBModel> store();

  /**
   * Another model by name.
   *
   * @param name the model name
   * @param type the expected class
   * @param <M> the model type
   * @return the model
   * @throws IllegalArgumentException when missing or of another type
   */
  <M> M model(String name, Class<M> type);

  /**
   * A scratch map shared by all phases of one main event and its sub-events.
   *
   * @return the mutable map
   */
  Map<String, Object> cache();

  /**
   * Queues a sub-event: it is processed after this event's derivers, in the same transaction
   * and with the same version, depth-first in the order added.
   *
   * @param type the event type
   * @param data the payload (anything Jackson can serialise), may be null
   * @throws IllegalArgumentException for an empty type
   */
  void addEvent(String type, Object data);

  /**
   * Whether this is a main event (not a sub-event).
   *
   * @return true for a main event
   */
  boolean isMainEvent();
}
