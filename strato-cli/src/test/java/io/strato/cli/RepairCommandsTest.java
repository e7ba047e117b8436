package io.strato.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cli.Cli.Result;
import io.strato.db.DB;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that write: they run the example ledger's models (on the test class path). */
class RepairCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void skipMarksTheFailingEventAndTheLedgerGoesOn() throws Exception {
    Path db = Cli.halted(dir);
    Result r = Cli.run("skip", 9, "--reason", "no owner, ticket OPS-1", "--db", db);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("skipped event 9 (account/opened): no owner, ticket OPS-1\nversion now 9\n"), r.out());
    Result h = Cli.run("history", "--db", db, "--skipped");
    assertTrue(h.out().contains("skipped  skipped: no owner, ticket OPS-1"), h.out());
    JsonNode s = JSON.readTree(Cli.run("status", "--db", db, "--json").out());
    assertEquals(9, s.get("version").asLong());
    assertTrue(s.get("failing").isNull());
  }

  @Test
  void retryReportsAnEventStillFailingAndReplaceRepairsIt() throws Exception {
    Path db = Cli.halted(dir);
    Result r = Cli.run("retry", "--db", db);
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("still failing at event 9 (account/opened): _reduce_accounts"), r.out());

    Result bad = Cli.run("replace", 9, "--type", "account/opened", "--data", "{\"id\":", "--db", db);
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("--data is not JSON"), bad.err());

    Result fixed = Cli.run("replace", 9, "--type", "account/opened", "--data", "{\"id\":\"dave\",\"owner\":\"Dave\"}", "--db", db);
    assertEquals(0, fixed.code(), fixed.err());
    assertEquals("replaced and processed event 9 (account/opened)\n", fixed.out());
    assertTrue(Cli.run("status", "--db", db).out().startsWith("version   9\nhead      9\nlag       0\nstate     up to date"));
    assertEquals("nothing to process; version 9\n", Cli.run("retry", "--db", db).out());

    Result processed = Cli.run("replace", 3, "--type", "x", "--db", db);
    assertEquals(1, processed.code());
    assertTrue(processed.err().startsWith("strato replace: "), processed.err());
  }

  @Test
  void verifyIsCleanAndReportsDrift() throws Exception {
    Path db = Cli.ledger(dir);
    Result r = Cli.run("verify", "--db", db);
    assertEquals(0, r.code(), r.err());
    assertEquals("clean: every model table matches a replay at version 8\n", r.out());

    try (DB d = DB.builder().file(db).build()) {
      d.run("UPDATE accounts SET json = json_set(json, '$.owner', 'Mallory'), owner = 'Mallory' WHERE id = 'bob'");
    }
    Result drift = Cli.run("verify", "--db", db);
    assertEquals(1, drift.code(), drift.err());
    assertTrue(drift.out().matches("(?s)MODEL +ID +KIND\naccounts +bob +changed\n1 row\\(s\\) differ.*"), drift.out());
    JsonNode j = JSON.readTree(Cli.run("verify", "--db", db, "--json").out());
    assertEquals("bob", j.get("differences").get(0).get("id").asText());

    Result rebuilt = Cli.run("rebuild", "accounts", "--db", db);
    assertEquals(0, rebuilt.code(), rebuilt.err());
    assertTrue(rebuilt.out().contains("rebuilt accounts at version 8"), rebuilt.out());
    assertTrue(rebuilt.err().contains("rebuilding: "), "plain progress lines off a terminal: " + rebuilt.err());
    assertEquals(0, Cli.run("verify", "--db", db).code());
  }

  @Test
  void replaySnapshotPruneAndImport() throws Exception {
    Path db = Cli.ledger(dir);
    Path replayed = dir.resolve("replayed.db");
    Result r = Cli.run("replay", "--into", replayed, "--db", db);
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(replayed));
    assertEquals(Cli.run("models", "--db", db).out(), Cli.run("models", "--db", replayed).out());

    Path snap = dir.resolve("snap.db");
    Result s = Cli.run("snapshot", snap, "--db", db);
    assertEquals(0, s.code(), s.err());
    assertEquals("snapshot at version 8: " + snap + "\n", s.out());
    assertEquals(3, Cli.run("snapshot", snap, "--db", db).code(), "exists");

    Path export = dir.resolve("all.jsonl");
    assertEquals(0, Cli.run("export", export, "--db", db).code());

    Path archive = dir.resolve("archive.jsonl.gz");
    Result p = Cli.run("prune", "--before", 5, "--archive", archive, "--db", db);
    assertEquals(0, p.code(), p.err());
    assertEquals("pruned 4 event(s) below version 5 into " + archive + "\n", p.out());
    assertTrue(Cli.run("history", "--db", db).out().split("\n")[1].startsWith("5  "));

    Result noSnap = Cli.run("prune", "--before", 9, "--archive", dir.resolve("a2.gz"), "--db", db);
    assertEquals(1, noSnap.code());

    // import into a fresh strato file: the exported history, processed by retry
    Path fresh = dir.resolve("fresh.db");
    try (DB d = DB.builder().file(fresh).build()) {
      d.exec("CREATE TABLE t(x)");
    }
    Result i = Cli.run("import", export, "--db", fresh);
    assertEquals(0, i.code(), i.err());
    assertTrue(i.out().startsWith("imported 8 event(s); log head now 8"), i.out());
    assertEquals(0, Cli.run("retry", "--db", fresh).code());
    assertEquals(Cli.run("models", "--db", db).out(), Cli.run("models", "--db", fresh).out());
  }
}
