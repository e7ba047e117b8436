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
   * Switches the model between read-only use through events and direct writes. Event-sourced
   * models (strato-es) become writable while their events are applied; plain models ignore it.
   *
   * @param writable whether direct writes are allowed for the calling thread
   */
  default void setWritable(boolean writable) {}
}
