package io.strato.jsonmodel;

/**
 * How {@link JsonModel#set(Object, WriteOptions)} and
 * {@link JsonModel#update(java.util.Map, WriteOptions)} write, instead of boolean parameters
 * that read as {@code set(obj, true, false)} at the call site:
 *
 * <pre>{@code
 * users.set(user, WriteOptions.insertOnly());                  // fail when the id exists
 * users.update(Map.of("id", id, "name", "Ada"), WriteOptions.upsert());
 * users.set(user, WriteOptions.insertOnly().withNoReturn());   // and skip mapping the result
 * }</pre>
 *
 * <p>Immutable and thread-safe; the factories return shared constants.
 */
public final class WriteOptions {
  private static final WriteOptions[] ALL = new WriteOptions[8];

  static {
    for (int i = 0; i < ALL.length; i++) {
      ALL[i] = new WriteOptions((i & 1) != 0, (i & 2) != 0, (i & 4) != 0);
    }
  }

  private final boolean insertOnly;
  private final boolean upsert;
  private final boolean noReturn;

  private WriteOptions(boolean insertOnly, boolean upsert, boolean noReturn) {
    this.insertOnly = insertOnly;
    this.upsert = upsert;
    this.noReturn = noReturn;
  }

  private static WriteOptions of(boolean insertOnly, boolean upsert, boolean noReturn) {
    return ALL[(insertOnly ? 1 : 0) | (upsert ? 2 : 0) | (noReturn ? 4 : 0)];
  }

  /**
   * The default: {@code set} inserts or replaces, {@code update} needs an existing object,
   * both return the stored item.
   *
   * @return the options
   */
  public static WriteOptions defaults() {
    return of(false, false, false);
  }

  /**
   * For {@code set}: fail with a {@link io.strato.db.StratoException} when an item with the id
   * exists.
   *
   * @return the options
   */
  public static WriteOptions insertOnly() {
    return of(true, false, false);
  }

  /**
   * For {@code update}: create the object when it is missing (without an id: a new object
   * with a generated id).
   *
   * @return the options
   */
  public static WriteOptions upsert() {
    return of(false, true, false);
  }

  /**
   * Return null instead of the stored item (saves mapping it).
   *
   * @return the options
   */
  public static WriteOptions noReturn() {
    return of(false, false, true);
  }

  /**
   * These options, also insert-only.
   *
   * @return the options
   */
  public WriteOptions withInsertOnly() {
    return of(true, upsert, noReturn);
  }

  /**
   * These options, also upsert.
   *
   * @return the options
   */
  public WriteOptions withUpsert() {
    return of(insertOnly, true, noReturn);
  }

  /**
   * These options, also returning null.
   *
   * @return the options
   */
  public WriteOptions withNoReturn() {
    return of(insertOnly, upsert, true);
  }

  /**
   * Whether {@code set} fails when the id exists.
   *
   * @return true for insert-only
   */
  public boolean isInsertOnly() {
    return insertOnly;
  }

  /**
   * Whether {@code update} creates a missing object.
   *
   * @return true for upsert
   */
  public boolean isUpsert() {
    return upsert;
  }

  /**
   * Whether the write returns null instead of the item.
   *
   * @return true for no return
   */
  public boolean isNoReturn() {
    return noReturn;
  }

  @Override
  public String toString() {
    return "WriteOptions[insertOnly=" + insertOnly + ", upsert=" + upsert + ", noReturn=" + noReturn + "]";
  }
}
