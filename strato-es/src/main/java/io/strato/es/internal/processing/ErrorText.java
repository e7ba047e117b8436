package io.strato.es.internal.processing;

/** The text stored for a failure: the message and the top of the stack. */
final class ErrorText {
  private static final int FRAMES = 8;

  private ErrorText() {}

  static String of(Throwable t) {
    StringBuilder b = new StringBuilder(String.valueOf(t.getMessage() != null ? t.getMessage() : t.toString()));
    Throwable cur = t;
    b.append("\n").append(cur.getClass().getName());
    StackTraceElement[] st = cur.getStackTrace();
    for (int i = 0; i < Math.min(FRAMES, st.length); i++) {
      b.append("\n    at ").append(st[i]);
    }
    if (t.getCause() != null && t.getCause() != t) {
      b.append("\nCaused by: ").append(t.getCause());
    }
    return b.toString();
  }
}
