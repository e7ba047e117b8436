package io.strato.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class OutputTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private Output output(boolean terminal, boolean noColor) {
    return new Output(new PrintWriter(out, true), new PrintWriter(err, true), terminal, noColor);
  }

  @Test
  void coloursOnlyOnATerminalAndNeverWithNoColor() {
    boolean noColorEnv = System.getenv("NO_COLOR") != null && !System.getenv("NO_COLOR").isEmpty();
    assertEquals(noColorEnv ? "x" : "\u001b[31mx\u001b[0m", output(true, false).red("x"));
    assertEquals("x", output(true, true).red("x"));
    assertEquals("x", output(false, false).red("x"));
  }

  @Test
  void progressIsABarOnATerminalAndPlainLinesElsewhere() {
    Progress bar = output(true, false).progress("replaying");
    bar.update(500, 1000);
    bar.update(1000, 1000);
    assertEquals("\rreplaying [##########          ] 500/1000\rreplaying [####################] 1000/1000"
        + System.lineSeparator(), err.toString());

    StringWriter plainErr = new StringWriter();
    Progress plain = new Output(new PrintWriter(out), new PrintWriter(plainErr, true), false, false).progress("rebuilding");
    for (long done = 0; done <= 1000; done += 50) {
      plain.update(done, 1000);
    }
    String[] lines = plainErr.toString().split("\\R");
    assertEquals(11, lines.length, plainErr.toString());
    assertEquals("rebuilding: 0/1000 events (0%)", lines[0]);
    assertEquals("rebuilding: 1000/1000 events (100%)", lines[10]);
  }

  @Test
  void tablesAlignColumnsWithoutTrailingSpaces() {
    String t = new Table("V", "TYPE", "NOTE").rightAligned("V").row(1, "a", null).row(100, "long/type", "").render();
    assertEquals("  V  TYPE       NOTE\n  1  a          -\n100  long/type\n", t);
  }

  @Test
  void streamPassesUtf8LinesThrough() throws Exception {
    var s = output(false, false).stream();
    s.write("{\"name\":\"Zoë\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    s.flush();
    assertTrue(out.toString().equals("{\"name\":\"Zoë\"}\n"), out.toString());
  }
}
