package io.strato.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.cli.Cli.Result;
import io.strato.db.DB;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error paths: one line on stderr, no stack trace unless --verbose, and the documented exit code. */
class ErrorsTest {
  @TempDir
  Path dir;

  @Test
  void missingFileIsAFileProblem() {
    Path missing = dir.resolve("nope.db");
    for (String c : new String[] {"status", "history", "failed", "models", "export", "retry", "verify"}) {
      Result r = Cli.run(c, "--db", missing);
      assertEquals(ExitCode.FILE, r.code(), c);
      assertEquals("strato " + c + ": no such file: " + missing + "\n", r.err(), c);
      assertFalse(Files.exists(missing), "not created by " + c);
    }
  }

  @Test
  void notASqliteFileIsAFileProblem() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello, not a database\n");
    Result r = Cli.run("status", "--db", text);
    assertEquals(ExitCode.FILE, r.code());
    assertEquals("strato status: not a SQLite file: " + text + "\n", r.err());
    assertEquals(ExitCode.FILE, Cli.run("show", 1, "--db", Files.createFile(dir.resolve("empty.db"))).code());
  }

  @Test
  void usageErrorsExitWith2() {
    Result none = Cli.run("status");
    assertEquals(ExitCode.USAGE, none.code());
    assertTrue(none.err().contains("no strato file: give --db FILE or set STRATO_DB"), none.err());

    Result unknown = Cli.run("stauts");
    assertEquals(ExitCode.USAGE, unknown.code());
    assertTrue(unknown.err().contains("Did you mean: strato status"), unknown.err());
    assertEquals(ExitCode.USAGE, Cli.run().code(), "a command is required");
    assertEquals(ExitCode.USAGE, Cli.run("show", "abc", "--db", "x.db").code(), "not a number");
    assertEquals(ExitCode.USAGE, Cli.run("skip", 9, "--db", "x.db").code(), "--reason is required");
  }

  @Test
  void badVersionsAreRefused() {
    Path db = Cli.ledger(dir);
    Result zero = Cli.run("show", 0, "--db", db);
    assertEquals(ExitCode.FAILURE, zero.code());
    assertEquals("strato show: bad version 0: versions start at 1\n", zero.err());
    Result high = Cli.run("show", 99, "--db", db);
    assertEquals(ExitCode.FAILURE, high.code());
    assertTrue(high.err().startsWith("strato show: no event 99 in the log (head 8"), high.err());
    Result skip = Cli.run("skip", 3, "--reason", "x", "--db", db);
    assertEquals(ExitCode.FAILURE, skip.code());
    assertTrue(skip.err().startsWith("strato skip: ") && skip.err().contains("3"), skip.err());
    assertFalse(skip.err().contains("\tat "), "no stack trace");
    Result verbose = Cli.run("skip", 3, "--reason", "x", "--db", db, "--verbose");
    assertTrue(verbose.err().contains("\tat io.strato"), "stack trace with --verbose: " + verbose.err());
  }

  @Test
  void unknownAndMissingModelsAreNamed() throws Exception {
    Path db = Cli.ledger(dir);
    Result unknown = Cli.run("rebuild", "acounts", "--db", db);
    assertEquals(ExitCode.FAILURE, unknown.code());
    assertTrue(unknown.err().contains("acounts"), unknown.err());

    try (DB d = DB.builder().file(db).build()) {
      d.exec("CREATE TABLE widgets (rowId INTEGER PRIMARY KEY, id TEXT NOT NULL, json JSON)");
    }
    Result missing = Cli.run("retry", "--db", db);
    assertEquals(ExitCode.FAILURE, missing.code());
    assertTrue(missing.err().startsWith("strato retry: no model on the class path for widgets (tables in " + db
        + "); give the application's jars with --classpath"), missing.err());
    assertEquals(ExitCode.FILE, Cli.run("retry", "--db", db, "--classpath", dir.resolve("app.jar")).code());
  }

  @Test
  void existingTargetsAreNotOverwritten() throws Exception {
    Path db = Cli.ledger(dir);
    Path exists = Files.writeString(dir.resolve("out.jsonl"), "keep me");
    assertEquals(ExitCode.FILE, Cli.run("export", exists, "--db", db).code());
    assertEquals(ExitCode.FILE, Cli.run("replay", "--into", exists, "--db", db).code());
    assertEquals("keep me", Files.readString(exists));
    Result imp = Cli.run("import", dir.resolve("missing.jsonl"), "--db", db);
    assertEquals(ExitCode.FILE, imp.code(), imp.err());
  }
}
