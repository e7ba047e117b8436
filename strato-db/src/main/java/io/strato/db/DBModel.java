package io.strato.db;

/**
 * A model bound to a {@link DB} and registered in its {@link DB#store() store} under its name.
 *
 * <p>Created with {@link DB#addModel(java.util.function.Function)}.
 */
public interface DBModel {
  /**
   * The model's unique name within its DB.
   *
   * @return the name, never empty
   */
  String name();

  /**
   * Formerly switched a model between writing through events and writing directly; neither
   * strato-db nor strato-jsonmodel calls it any more. Event-sourced models (strato-es) get
   * direct write access from their processing pipeline (apply, derive) and, for migrations,
   * through {@link DB.Builder#aroundMigrations(MigrationInterceptor)}.
   *
   * @param writable ignored
   * @deprecated does nothing here; write access of event-sourced models belongs to strato-es
   */
  @Deprecated(since = "0.2")
  default void setWritable(boolean writable) {}
}
