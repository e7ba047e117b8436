package io.strato.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --json} on the commands that write: one JSON document on stdout, stable fields, nothing else. */
class WriteCommandsJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static JsonNode json(Result r, int code) throws Exception {
    assertEquals(code, r.code(), r.out() + r.err());
    return JSON.readTree(r.out()); // fails when anything but one JSON document is printed
  }

  @Test
  void retryStillFailingThenSkipThenRetryNothingToDo() throws Exception {
    Path db = Cli.halted(dir);
    JsonNode failing = json(Cli.run("retry", "--db", db, "--json"), 1);
    assertTrue(failing.get("halted").asBoolean());
    assertEquals(9, failing.get("failing").get("v").asLong());
    assertEquals(8, failing.get("version").asLong());
    assertFalse(failing.get("errors").isEmpty(), failing.toString());

    JsonNode skipped = json(Cli.run("skip", 9, "--reason", "ticket OPS-1 ✓", "--db", db, "--json"), 0);
    assertEquals(9, skipped.get("skipped").asLong());
    assertEquals("account/opened", skipped.get("type").asText());
    assertEquals("ticket OPS-1 ✓", skipped.get("reason").asText());
    assertEquals(9, skipped.get("version").asLong());

    JsonNode idle = json(Cli.run("retry", "--db", db, "--json"), 0);
    assertFalse(idle.get("halted").asBoolean());
    assertEquals(0, idle.get("processed").asLong());
    assertTrue(idle.get("last").isNull());
  }

  @Test
  void replaceReportsTheProcessedEvent() throws Exception {
    Path db = Cli.halted(dir);
    JsonNode r = json(Cli.run("replace", 9, "--type", "account/opened", "--data",
        "{\"id\":\"dave\",\"owner\":\"Dave\"}", "--db", db, "--json"), 0);
    assertEquals(9, r.get("replaced").asLong());
    assertEquals("Dave", r.get("event").get("data").get("owner").asText());
    assertEquals(9, r.get("version").asLong());
  }

  @Test
  void rebuildReplaySnapshotPruneImport() throws Exception {
    Path db = Cli.ledger(dir);
    JsonNode rebuilt = json(Cli.run("rebuild", "accounts", "--db", db, "--json"), 0);
    assertEquals("accounts", rebuilt.get("rebuilt").get(0).asText());
    assertEquals(8, rebuilt.get("version").asLong());

    Path replayed = dir.resolve("replayed.db");
    JsonNode replay = json(Cli.run("replay", "--into", replayed, "--db", db, "--json"), 0);
    assertEquals(replayed.toString(), replay.get("replayedInto").asText());

    Path snap = dir.resolve("snap.db");
    JsonNode s = json(Cli.run("snapshot", snap, "--db", db, "--json"), 0);
    assertEquals(8, s.get("version").asLong());
    assertEquals(Files.size(snap), s.get("bytes").asLong());

    Path export = dir.resolve("all.jsonl");
    assertEquals(0, Cli.run("export", export, "--db", db).code());
    Path archive = dir.resolve("archive.jsonl.gz");
    JsonNode p = json(Cli.run("prune", "--before", 5, "--archive", archive, "--db", db, "--json"), 0);
    assertEquals(4, p.get("pruned").asLong());
    assertEquals(5, p.get("before").asLong());

    Path fresh = dir.resolve("fresh.db");
    try (io.strato.db.DB d = io.strato.db.DB.builder().file(fresh).build()) {
      d.exec("CREATE TABLE t(x)");
    }
    JsonNode i = json(Cli.run("import", export, "--db", fresh, "--json"), 0);
    assertEquals(8, i.get("imported").asLong());
    assertEquals(8, i.get("head").asLong());
    JsonNode processed = json(Cli.run("retry", "--db", fresh, "--json"), 0);
    assertEquals(8, processed.get("processed").asLong());
    assertEquals(8, processed.get("last").get("v").asLong());
  }
}
