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

class ReadCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void statusPrintsVersionsAndFilesAsTableAndJson() throws Exception {
    Path db = Cli.ledger(dir);
    Result r = Cli.run("status", "--db", db);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("version   8\nhead      8\nlag       0\nstate     up to date\n"), r.out());
    assertTrue(r.out().contains("\nMODEL      ROWS\naccounts      3\nstats         1\ntransfers     4\n"), r.out());
    assertTrue(r.out().contains(db.toString()), r.out());
    assertEquals("", r.err());

    JsonNode j = JSON.readTree(Cli.run("status", "--db", db, "--json").out());
    assertEquals(8, j.get("version").asLong());
    assertEquals(8, j.get("head").asLong());
    assertFalse(j.get("halted").asBoolean());
    assertTrue(j.get("failing").isNull());
    assertTrue(j.get("fileSizes").has(db.toString()));
    assertEquals(4, j.get("rows").get("transfers").asLong());
  }

  @Test
  void statusShowsTheFailingEvent() throws Exception {
    Path db = Cli.halted(dir);
    Result r = Cli.run("status", "-d", db);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("state     HALTED at event 9 (account/opened"), r.out());
    assertTrue(r.out().contains("error     _reduce_accounts"), r.out());
    JsonNode j = JSON.readTree(Cli.run("status", "-d", db, "--json").out());
    assertTrue(j.get("halted").asBoolean());
    assertEquals(9, j.get("failing").get("v").asLong());
    assertTrue(j.get("errors").has("_reduce_accounts"), j.toString());
  }

  @Test
  void historyPrintsAnAlignedTableAndFilters() throws Exception {
    Path db = Cli.ledger(dir);
    Result r = Cli.run("history", "--db", db);
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(9, lines.length, r.out());
    assertTrue(lines[0].matches("V {2}TIME +TYPE +STATE +DETAIL"), lines[0]);
    assertTrue(lines[2].matches("2  \\S+Z  account/opened +processed  accounts \\(\\+1 sub-event\\)"), lines[2]);
    assertEquals(lines[1].indexOf("ledger/run"), lines[5].indexOf("money/transferred"), "aligned columns");

    Result typed = Cli.run("history", "--db", db, "--type", "money/transferred", "--from", 6, "--to", 7);
    assertEquals(3, typed.out().split("\n").length, typed.out());
    assertTrue(typed.out().contains("\n6  ") && typed.out().contains("\n7  "), typed.out());

    Result paged = Cli.run("history", "--db", db, "--limit", 3);
    assertTrue(paged.out().endsWith("(more: --from 4)\n"), paged.out());
    JsonNode j = JSON.readTree(Cli.run("history", "--db", db, "--limit", 3, "--json").out());
    assertEquals(3, j.get("events").size());
    assertEquals(4, j.get("next").asLong());
    assertEquals("ledger/run", j.get("events").get(0).get("type").asText());

    assertEquals("no events\n", Cli.run("history", "--db", db, "--skipped").out());
    assertEquals("no events\n", Cli.run("history", "--db", db, "--since", "2999-01-01T00:00:00Z").out());
  }

  @Test
  void showPrintsDataResultsAndTheSubEventTree() throws Exception {
    Path db = Cli.ledger(dir);
    Result r = Cli.run("show", 2, "--db", db);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("event 2  account/opened  "), r.out());
    assertTrue(r.out().contains("processed\ndata:\n  {\n"), r.out());
    assertTrue(r.out().contains("result:\n  accounts:\n    {\n"), r.out());
    assertTrue(r.out().matches("(?s).*sub-events:\n  └─ money/deposited  \\{[^\n]*\"account\":\"alice\"[^\n]*}  -> accounts\n"),
        r.out());
    JsonNode j = JSON.readTree(Cli.run("show", 2, "--db", db, "--json").out());
    assertEquals("processed", j.get("state").asText());
    assertEquals("alice", j.get("event").get("data").get("id").asText());
    assertEquals("money/deposited", j.get("event").get("events").get(0).get("type").asText());
  }

  @Test
  void showAndFailedPrintErrorsPerPhase() throws Exception {
    Path db = Cli.halted(dir);
    Result r = Cli.run("show", 9, "--db", db);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("failed\n"), r.out());
    assertTrue(r.out().contains("error:\n  _reduce_accounts: "), r.out());
    assertFalse(r.out().contains("\tat "), "first line only without --full");
    assertTrue(Cli.run("show", 9, "--db", db, "--full").out().contains("at "), "--full");

    Result f = Cli.run("failed", "--db", db);
    assertEquals(0, f.code(), f.err());
    assertEquals(2, f.out().split("\n").length, f.out());
    assertTrue(f.out().contains("9  ") && f.out().contains("failed  _reduce_accounts"), f.out());
    JsonNode j = JSON.readTree(Cli.run("failed", "--db", db, "--json").out());
    assertEquals(9, j.get("events").get(0).get("v").asLong());
    assertTrue(j.get("events").get(0).get("error").has("_reduce_accounts"));

    assertEquals("no failed events\n", Cli.run("failed", "--db", Cli.ledger(Files.createDirectories(dir.resolve("other")))).out());
  }

  @Test
  void historyMarksRejectedEvents() {
    Path db = Cli.ledger(dir);
    for (int run = 2; run <= 4; run++) {
      io.strato.examples.ExampleApp.run(db, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }
    Result r = Cli.run("history", "--db", db, "--type", "money/transferred");
    assertTrue(r.out().matches("(?s).*\\n\\d+  \\S+  money/transferred  rejected   rejected by accounts: insufficient funds in \\w+\\n.*"),
        r.out());
  }

  @Test
  void modelsListsTablesRowsColumnsAndIndexes() throws Exception {
    Path db = Cli.ledger(dir);
    Result r = Cli.run("models", "--db", db);
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].matches("TABLE +ROWS +COLUMNS +INDEXES"), lines[0]);
    assertTrue(lines[1].matches("accounts +3  rowId INTEGER, id TEXT, json JSON, balance INTEGER, owner TEXT  "
        + "accounts_balance, accounts_id, accounts_owner"), lines[1]);
    assertTrue(lines[3].startsWith("transfers     4  "), lines[3]);
    JsonNode j = JSON.readTree(Cli.run("models", "--db", db, "--json").out());
    assertEquals(3, j.get("tables").size());
    assertEquals("accounts", j.get("tables").get(0).get("name").asText());
    assertEquals(3, j.get("tables").get(0).get("rows").asLong());
    assertTrue(Cli.run("models", "--db", db, "--all").out().contains("\nhistory "), "--all lists the queue");
  }

  @Test
  void exportWritesJsonLinesToStdoutOrAFile() throws Exception {
    Path db = Cli.ledger(dir);
    Result r = Cli.run("export", "--db", db);
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(8, lines.length);
    JsonNode first = JSON.readTree(lines[0]);
    assertEquals(1, first.get("v").asLong());
    assertEquals("ledger/run", first.get("type").asText());

    Path file = dir.resolve("history.jsonl");
    Result f = Cli.run("export", file, "--db", db);
    assertEquals(0, f.code(), f.err());
    assertEquals(r.out(), Files.readString(file));
    assertTrue(f.err().contains("exported 8 event(s)"), f.err());
  }

  @Test
  void helpOnEveryCommandAndCompletion() {
    for (String c : new String[] {"status", "history", "show", "failed", "models", "retry", "replace", "skip", "rebuild",
        "replay", "verify", "snapshot", "prune", "export", "import", "completion"}) {
      Result r = Cli.run(c, "--help");
      assertEquals(0, r.code(), c);
      assertTrue(r.out().startsWith("Usage: strato " + c), r.out());
    }
    Result top = Cli.run("--help");
    assertTrue(top.out().contains("Exit codes:"), top.out());
    Result comp = Cli.run("completion");
    assertEquals(0, comp.code());
    assertTrue(comp.out().contains("complete -F _complete_strato"), comp.out().substring(0, 200));
    assertTrue(comp.out().contains("status history show"), "lists the commands");
  }
}
