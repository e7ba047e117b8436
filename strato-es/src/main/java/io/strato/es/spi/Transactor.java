package io.strato.es.spi;

/**
 * A standalone transact phase for one model, discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.strato.es.spi.Transactor} or {@code provides} in module-info) or
 * registered with the builder. Runs last in the event's transaction; may run sub-events with {@link TransactContext#dispatch}.
 *
 * <p>At most one Transactor per model: a second one, or an {@link EventModel} of that name that
 * overrides {@code transact}, is a configuration error.
 */
public interface Transactor {
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

   * @throws Exception any failure: the event fails, its changes roll back
   */
  void transact(TransactContext ctx) throws Exception;
}
