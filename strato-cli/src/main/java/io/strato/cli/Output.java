package io.strato.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import io.strato.es.Progress;
import java.io.PrintWriter;

/**
 * Where a command prints: its result to {@code out} (a table, or one JSON document with
 * {@code --json}), progress and errors to {@code err}. Colours only on a terminal, and never
 * with {@code --no-color} or a non-empty {@code NO_COLOR} environment variable.
 */
public final class Output {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean terminal;
  private final boolean colour;

  /**
   * Creates the output.
   *
   * @param out the result stream
   * @param err the progress and error stream
   * @param terminal whether attached to a terminal ({@code System.console() != null})
   * @param noColor whether colours were switched off
   */
  public Output(PrintWriter out, PrintWriter err, boolean terminal, boolean noColor) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    String env = System.getenv("NO_COLOR");
    this.colour = terminal && !noColor && (env == null || env.isEmpty());
  }

  /**
   * Prints text as is.
   *
   * @param text the text
   */
  public void print(String text) {
    out.print(text);
    out.flush();
  }

  /**
   * Prints a line.
   *
   * @param line the line
   */
  public void println(String line) {
    out.println(line);
    out.flush();
  }

  /**
   * Prints one JSON document (indented) and a newline.
   *
   * @param value a map, list, record or Jackson node
   */
  public void json(Object value) {
    try {
      println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Prints what a writing command did: one line for people, or with {@code --json} one JSON
   * document, so scripts never parse the human line.
   *
   * @param json the command's --json option
   * @param line the line for people
   * @param doc the document (field order kept; values may be null)
   */
  public void result(JsonOption json, String line, Map<String, ?> doc) {
    if (json.on()) {
      json(doc);
    } else {
      println(line);
    }
  }

  /**
   * A JSON document in the order given, nulls allowed (unlike {@code Map.of}).
   *
   * @param keysAndValues key, value, key, value …
   * @return the document
   * @throws IllegalArgumentException for an odd count or a key that is not a string
   */
  public static Map<String, Object> doc(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Output.doc: needs key, value pairs");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (!(keysAndValues[i] instanceof String k)) {
        throw new IllegalArgumentException("Output.doc: key " + keysAndValues[i] + " is not a string");
      }
      m.put(k, keysAndValues[i + 1]);
    }
    return m;
  }

  /**
   * The result stream as bytes (UTF-8, passed on line by line), for operations that write a stream.
   *
   * @return a stream; flush it at the end
   */
  public java.io.OutputStream stream() {
    return new java.io.OutputStream() {
      private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

      @Override
      public void write(int b) {
        line.write(b);
        if (b == '\n') {
          flush();
        }
      }

      @Override
      public void flush() {
        out.print(line.toString(java.nio.charset.StandardCharsets.UTF_8));
        line.reset();
        out.flush();
      }
    };
  }

  /**
   * Prints a line to stderr (progress, notes).
   *
   * @param line the line
   */
  public void note(String line) {
    err.println(line);
    err.flush();
  }

  /**
   * Text in bold (on a colour terminal).
   *
   * @param s the text
   * @return the text, maybe with ANSI codes
   */
  public String bold(String s) {
    return ansi("1", s);
  }

  /**
   * Text in red (on a colour terminal).
   *
   * @param s the text
   * @return the text, maybe with ANSI codes
   */
  public String red(String s) {
    return ansi("31", s);
  }

  /**
   * Text in green (on a colour terminal).
   *
   * @param s the text
   * @return the text, maybe with ANSI codes
   */
  public String green(String s) {
    return ansi("32", s);
  }

  /**
   * Text in yellow (on a colour terminal).
   *
   * @param s the text
   * @return the text, maybe with ANSI codes
   */
  public String yellow(String s) {
    return ansi("33", s);
  }

  private String ansi(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  /**
   * A progress reporter for long work, on stderr: a bar redrawn in place on a terminal, else a
   * plain line at most every 10 %.
   *
   * @param what what is being done, e.g. {@code "replaying"}
   * @return the reporter
   */
  public Progress progress(String what) {
    return new Progress() {
      private long lastPercent = -100;

      @Override
      public void update(long done, long total) {
        long percent = total <= 0 ? 100 : Math.min(100, done * 100 / total);
        if (terminal) {
          int filled = (int) (percent / 5);
          err.print("\r" + what + " [" + "#".repeat(filled) + " ".repeat(20 - filled) + "] " + done + "/" + total);
          if (done >= total) {
            err.println();
          }
          err.flush();
        } else if (percent / 10 != lastPercent / 10) {
          lastPercent = percent;
          note(what + ": " + done + "/" + total + " events (" + percent + "%)");
        }
      }
    };
  }
}
