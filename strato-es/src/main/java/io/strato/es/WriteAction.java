package io.strato.es;

/**
 * The action of an {@link ESModel} write event: the first element of its data
 * {@code [action, id, object, meta]} (SPEC §5). The stored events hold the action's
 * {@link #code()}, an int shared with strato-db for JavaScript, so the codes never change;
 * this enum is how Java code names and checks them.
 *
 * <pre>{@code
 * // in a reducer or deriver that looks at another model's es/<name> events
 * WriteAction action = WriteAction.fromCode(ctx.event().data().get(0).intValue());
 * if (action == WriteAction.REMOVE) { ... }
 * }</pre>
 */
public enum WriteAction {
  /** Delete the object (code 0); no error when it is missing. */
  REMOVE(0),
  /** Insert or replace the object (code 1). */
  SET(1),
  /** Insert; rejected with EEXIST when the id exists (code 2). */
  INSERT(2),
  /** Shallow update; rejected with ENOENT when the object is missing (code 3). */
  UPDATE(3),
  /** Shallow update, inserting when the object is missing (code 4). */
  SAVE(4);

  private static final WriteAction[] BY_CODE = values();

  private final int code;

  WriteAction(int code) {
    this.code = code;
  }

  /**
   * The int stored in the event data (the wire format, shared with strato-db for JavaScript).
   *
   * @return 0 for REMOVE … 4 for SAVE
   */
  public int code() {
    return code;
  }

  /**
   * The action stored as {@code code}.
   *
   * @param code the int from an event's data
   * @return the action
   * @throws IllegalArgumentException naming the code when it is not 0-4
   */
  public static WriteAction fromCode(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException("WriteAction: unknown action code " + code
          + " (expected 0 REMOVE, 1 SET, 2 INSERT, 3 UPDATE or 4 SAVE)");
    }
    return BY_CODE[code];
  }

  /**
   * Whether {@code code} is an action's code.
   *
   * @param code the int from an event's data
   * @return true for 0-4
   */
  public static boolean isCode(int code) {
    return code >= 0 && code < BY_CODE.length;
  }
}
