package io.strato.es.spi;

import io.strato.jsonmodel.ModelConfig;
import io.strato.queue.Event;

/**
 * A model of an event-sourcing database: its table definition and, optionally, its phases.
 * Implementations are discovered with {@link java.util.ServiceLoader} by
 * {@code EventSourcingDB.builder().discoverModels()} (list the class in
 * {@code META-INF/services/io.strato.es.spi.EventModel}, or {@code provides
 * io.strato.es.spi.EventModel with ...} in module-info), or registered with
 * {@code .model(...)}. A public no-argument constructor is needed for discovery.
 *
 * <pre>{@code
 * public final class Accounts implements EventModel {
 *   public String name() { return "accounts"; }
 *   public ModelConfig<?> config() {
 *     return ModelConfig.builder("accounts").column("owner", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT)).build();
 *   }
 *   public ReduceResult reduce(ReduxContext ctx) {
 *     if (!ctx.event().type().equals("account/opened")) return null;
 *     JsonNode d = ctx.event().data();
 *     return ReduceResult.result().ins(Map.of("id", d.get("id").asText(), "owner", d.get("owner").asText(), "balance", 0));
 *   }
 * }
 * }</pre>
 *
 * <p>Every model gets an {@code ESModel} table: its own preprocessor and reducer handle
 * {@code es/<name>} events (written by {@code ESModel.set/update/remove}); a reducer defined
 * here runs first and the ESModel one only when it returns nothing for such an event. Phases
 * run on the processing thread, inside the event's transaction.
 */
public interface EventModel {
  /**
   * The model (and table) name.
   *
   * @return the name
   */
  String name();

  /**
   * The table definition; its name must equal {@link #name()}.
   *
   * @return the config, or null for a schemaless model of ObjectNodes
   */
  default ModelConfig<?> config() {
    return null;
  }

  /**
   * Whether to queue an {@code es/INIT:<name>} event when the table is created.
   *
   * @return true to queue it
   */
  default boolean init() {
    return false;
  }

  /**
   * See {@link Preprocessor#preprocess}.
   *
   * @param ctx the context
   * @return the changed event, or null for unchanged
   * @throws Exception any failure fails the event
   */
  default Event preprocess(ReduxContext ctx) throws Exception {
    return null;
  }

  /**
   * See {@link Reducer#reduce}.
   *
   * @param ctx the context
   * @return the changes, or null for none
   * @throws Exception any failure fails the event
   */
  default ReduceResult reduce(ReduxContext ctx) throws Exception {
    return null;
  }

  /**
   * See {@link Deriver#derive}.
   *
   * @param ctx the context
   * @throws Exception any failure fails the event
   */
  default void derive(DeriveContext ctx) throws Exception {}

  /**
   * See {@link Transactor#transact}.
   *
   * @param ctx the context
   * @throws Exception any failure fails the event
   */
  default void transact(TransactContext ctx) throws Exception {}
}
