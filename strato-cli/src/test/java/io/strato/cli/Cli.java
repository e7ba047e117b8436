package io.strato.cli;

import io.strato.es.EventFailedException;
import io.strato.es.EventSourcingDB;
import io.strato.examples.ExampleApp;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test support: runs the CLI in-process through {@code CommandLine.execute}, and makes strato files. */
final class Cli {
  private Cli() {}

  /** What a run printed and returned. */
  record Result(int code, String out, String err) {}

  static Result run(Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> a = new ArrayList<>();
    for (Object o : args) {
      a.add(String.valueOf(o));
    }
    int code = StratoCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(a.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  /** The example ledger (8 events, all processed) in dir/ledger.db. */
  static Path ledger(Path dir) {
    Path file = dir.resolve("ledger.db");
    ExampleApp.run(file, new PrintStream(OutputStream.nullOutputStream()));
    return file;
  }

  /** The ledger, halted at event 9: an account/opened without an owner (the reducer throws). */
  static Path halted(Path dir) {
    Path file = ledger(dir);
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).discoverModels().maxRetries(1).build()) {
      es.dispatch("account/opened", Map.of("id", "dave"));
      throw new AssertionError("expected a failure");
    } catch (EventFailedException expected) {
      // halted at v 9
    }
    return file;
  }
}
