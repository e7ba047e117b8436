package io.strato.es.spi;

/**
 * A standalone derive phase for one model, discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.strato.es.spi.Deriver} or {@code provides} in module-info) or
 * registered with the builder. Runs after the event's results are applied, in the same transaction, and may write anywhere (e.g. maintain derived tables).
 *
 * <p>At most one Deriver per model: a second one, or an {@link EventModel} of that name that
 * overrides {@code derive}, is a configuration error.
 */
public interface Deriver {
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
  void derive(DeriveContext ctx) throws Exception;
}
