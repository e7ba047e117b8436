package io.strato.es.internal.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The stored text of a failure: what an operator reads in the event's {@code error}. */
class ErrorTextTest {
  private static Throwable deep(int depth, Throwable t) {
    StackTraceElement[] st = new StackTraceElement[depth];
    for (int i = 0; i < depth; i++) {
      st[i] = new StackTraceElement("com.example.Ledger", "frame" + i, "Ledger.java", i + 1);
    }
    t.setStackTrace(st);
    return t;
  }

  @Test
  void theMessageComesFirstThenTheClassAndTheTopEightFrames() {
    String text = ErrorText.of(deep(20, new IllegalStateException("ledger is down: ü€")));
    String[] lines = text.split("\n");
    assertEquals("ledger is down: ü€", lines[0]);
    assertEquals("java.lang.IllegalStateException", lines[1]);
    assertEquals(10, lines.length, text);
    assertEquals("    at com.example.Ledger.frame0(Ledger.java:1)", lines[2]);
    assertEquals("    at com.example.Ledger.frame7(Ledger.java:8)", lines[9]);
    assertFalse(text.contains("Caused by"), text);
  }

  @Test
  void aShortStackIsWrittenWhole() {
    String text = ErrorText.of(deep(3, new RuntimeException("short")));
    assertEquals(5, text.split("\n").length, text);
    assertEquals(3, Arrays.stream(text.split("\n")).filter(l -> l.startsWith("    at ")).count());
  }

  @Test
  void withoutAMessageTheExceptionItselfIsTheFirstLine() {
    String text = ErrorText.of(deep(0, new NullPointerException()));
    assertEquals("java.lang.NullPointerException\njava.lang.NullPointerException", text);
  }

  @Test
  void theCauseIsNamed() {
    Throwable t = deep(1, new IllegalStateException("outer", new java.io.IOException("disk full")));
    String text = ErrorText.of(t);
    assertTrue(text.endsWith("\nCaused by: java.io.IOException: disk full"), text);
  }
}
