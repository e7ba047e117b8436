package io.strato.es;

import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.Row;
import io.strato.db.StratoException;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.Upcaster;
import io.strato.queue.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operations part two: export/import, snapshot, replayInto, verify, prune, upcasters (SPEC §9). */
class OpsReplayTest {
  @TempDir Path dir;

  /** "add" sets {id, n}; "inc" adds to n; "no" is rejected; "bad" fails. */
  static EventSourcingDB.Builder builder(Path file) {
    return EventSourcingDB.builder().file(file).retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).maxRetries(2)
        .reducer(red("acc", c -> {
          Event e = c.event();
          String id = e.data() == null ? null : e.data().path("id").asText();
          switch (e.type()) {
            case "add":
              return ReduceResult.result().set(obj("id", id, "n", e.data().path("n").asInt()));
            case "inc":
              return ReduceResult.result().set(obj("id", id, "n", Es.num(c.model(), id, "n") + 1));
            case "no":
              return ReduceResult.reject("not allowed");
            case "bad":
              throw new IllegalStateException("bad");
            default:
              return null;
          }
        }));
  }

  /** A history with a rejection and a skipped event: 7 events, state at 7. */
  static EventSourcingDB filled(Path file) {
    EventSourcingDB es = builder(file).build();
    es.dispatch("add", Map.of("id", "a", "n", 1));
    es.dispatch("add", Map.of("id", "b", "n", 10));
    assertThrows(EventRejectedException.class, () -> es.dispatch("no", Map.of("id", "a")));
    es.dispatch("inc", Map.of("id", "a"));
    assertThrows(EventFailedException.class, () -> es.dispatch("bad", Map.of("id", "z")));
    es.operations().skip(5, "test");
    es.dispatch("inc", Map.of("id", "b"));
    es.dispatch("add", Map.of("id", "c", "n", 3));
    assertEquals(7, es.getVersion());
    return es;
  }

  static List<Map<String, Object>> rows(EventSourcingDB es) {
    return es.db().all("SELECT * FROM acc ORDER BY id").stream().map(Row::asMap).toList();
  }

  @Test
  void exportWritesOneJsonLinePerEvent() throws Exception {
    try (EventSourcingDB es = filled(dir.resolve("live.db"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(7, es.operations().exportHistory(out));
      List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
      assertEquals(7, lines.size());
      JsonNode first = Es.M.readTree(lines.get(0));
      assertEquals(1, first.get("v").asLong());
      assertEquals("add", first.get("type").asText());
      assertTrue(first.get("ts").asLong() > 0);
      assertEquals("a", first.get("data").get("id").asText());
      assertTrue(first.get("result").has("acc"));
      assertEquals("test", Es.M.readTree(lines.get(4)).get("result").get("_skipped").get("reason").asText());
    }
  }

  @Test
  void importIntoAnEmptyLogKeepsVersionsAndReplaysToTheSameState() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Map<String, Object>> expected;
    try (EventSourcingDB es = filled(dir.resolve("live.db"))) {
      es.operations().exportHistory(out);
      expected = rows(es);
    }
    try (EventSourcingDB copy = builder(dir.resolve("copy.db")).build()) {
      assertEquals(7, copy.operations().importHistory(new ByteArrayInputStream(out.toByteArray())));
      assertEquals(7, copy.queue().getMaxV());
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), OpsRepairTest.vs(copy.operations().history(HistoryFilter.all())));
      copy.operations().retry();
      assertEquals(7, copy.getVersion());
      assertEquals(expected, rows(copy), "the skipped event stays skipped, the rejection applies nothing");
      copy.dispatch("add", Map.of("id", "d", "n", 4));
      assertEquals(8, copy.getVersion(), "new events continue after the imported ones");
      // bad input changes nothing
      IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
          () -> copy.operations().importHistory(new ByteArrayInputStream(out.toByteArray())));
      assertTrue(again.getMessage().contains("line 1") && again.getMessage().contains("head 8"), again.getMessage());
      String mixed = "{\"v\":9,\"type\":\"add\",\"ts\":1,\"data\":{\"id\":\"e\",\"n\":5}}\nnot json\n";
      IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
          () -> copy.operations().importHistory(new ByteArrayInputStream(mixed.getBytes(StandardCharsets.UTF_8))));
      assertTrue(malformed.getMessage().contains("line 2"), malformed.getMessage());
      assertEquals(8, copy.queue().getMaxV(), "one transaction: line 1 was not kept");
      assertThrows(IllegalArgumentException.class, () -> copy.operations().importHistory(
          new ByteArrayInputStream("{\"v\":9,\"ts\":1}".getBytes(StandardCharsets.UTF_8))));
    }
  }

  @Test
  void snapshotIsAConsistentCopyAtAKnownVersion() {
    Path snap = dir.resolve("snap.db");
    try (EventSourcingDB es = filled(dir.resolve("live.db"))) {
      assertEquals(7, es.operations().snapshot(snap));
      assertThrows(IllegalArgumentException.class, () -> es.operations().snapshot(snap));
      Row rec = es.db().get("SELECT v, file FROM \"{sdb} snapshots\"").orElseThrow();
      assertEquals(7, rec.getLong("v"));
      assertEquals(snap.toAbsolutePath().toString(), rec.getString("file"));
      try (EventSourcingDB copy = builder(snap).build()) {
        assertEquals(7, copy.getVersion());
        assertEquals(rows(es), rows(copy));
        copy.dispatch("inc", Map.of("id", "c"));
        assertEquals(8, copy.getVersion(), "the copy is a working DB");
      }
    }
  }

  @Test
  void replayIntoBuildsTheSameStateInAFreshFile() throws Exception {
    Path target = dir.resolve("replay.db");
    try (EventSourcingDB es = filled(dir.resolve("live.db"))) {
      List<Map<String, Object>> history = es.db().all("SELECT * FROM history ORDER BY v").stream().map(Row::asMap)
          .toList();
      List<Map<String, Object>> before = rows(es);
      List<Long> progress = new java.util.ArrayList<>();
      es.operations().replayInto(target, (done, total) -> progress.add(done * 100 + total));
      assertEquals(List.of(707L), progress, "7 of 7 after the one page");
      assertEquals(history, es.db().all("SELECT * FROM history ORDER BY v").stream().map(Row::asMap).toList(),
          "live history untouched");
      assertEquals(before, rows(es), "live rows untouched");
      try (EventSourcingDB r = builder(target).build()) {
        assertEquals(7, r.getVersion());
        assertEquals(rows(es), rows(r));
        assertEquals("test", r.queue().get(5L).orElseThrow().result().get("_skipped").get("reason").asText());
      }
      IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
          () -> es.operations().replayInto(target));
      assertTrue(exists.getMessage().contains("exists"), exists.getMessage());
    }
  }

  @Test
  void verifyIsCleanThenReportsRowsChangedBehindTheLibrarysBack() {
    try (EventSourcingDB es = filled(dir.resolve("live.db"))) {
      VerifyReport clean = es.operations().verify();
      assertTrue(clean.clean(), clean.toString());
      assertEquals(7, clean.version());
      es.db().run("UPDATE acc SET json = json_set(json, '$.n', 99) WHERE id = 'a'");
      es.db().run("DELETE FROM acc WHERE id = 'b'");
      es.db().run("INSERT INTO acc (id, json) VALUES ('ghost', '{}')");
      VerifyReport r = es.operations().verify();
      assertFalse(r.clean());
      Map<String, String> kinds = r.differences().stream()
          .collect(Collectors.toMap(d -> d.model() + "/" + d.id(), VerifyReport.Difference::kind));
      assertEquals(Map.of("acc/a", "changed", "acc/b", "missing", "acc/ghost", "extra"), kinds);
      assertEquals(0, Files.list(dir).filter(p -> p.getFileName().toString().contains("verify")).count(),
          "the scratch file is gone");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void pruneNeedsASnapshotArchivesAndSnapshotPlusRestReplaysToTheSameState() throws Exception {
    Path live = dir.resolve("live.db");
    Path snap = dir.resolve("snap.db");
    Path archive = dir.resolve("upto5.jsonl.gz");
    try (EventSourcingDB es = filled(live)) {
      IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
          () -> es.operations().prune(6, archive));
      assertTrue(none.getMessage().contains("no snapshot at or above version 6"), none.getMessage());
      assertFalse(Files.exists(archive));
      assertEquals(7, es.operations().snapshot(snap));
      es.dispatch("inc", Map.of("id", "a"));
      es.dispatch("add", Map.of("id", "d", "n", 4));
      assertThrows(IllegalArgumentException.class, () -> es.operations().prune(10, archive), "unprocessed");
      assertThrows(IllegalArgumentException.class, () -> es.operations().prune(1, archive));
      assertEquals(9, es.queue().getMaxV(), "bad input pruned nothing");

      assertEquals(5, es.operations().prune(6, archive));
      assertEquals(List.of(6L, 7L, 8L, 9L), OpsRepairTest.vs(es.operations().history(HistoryFilter.all())));
      List<String> archived;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
        archived = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      }
      assertEquals(5, archived.size());
      assertEquals(1, Es.M.readTree(archived.get(0)).get("v").asLong());
      StratoException pruned = assertThrows(StratoException.class,
          () -> es.operations().replayInto(dir.resolve("r.db")));
      assertTrue(pruned.getMessage().contains("starts at version 6"), pruned.getMessage());
      es.dispatch("add", Map.of("id", "e", "n", 5));
      assertEquals(10, es.getVersion(), "goes on after a prune");

      // snapshot + the remaining history (above the snapshot) give the same state
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      es.operations().exportHistory(out);
      String rest = out.toString(StandardCharsets.UTF_8).lines()
          .filter(l -> l.startsWith("{\"v\":8,") || l.startsWith("{\"v\":9,") || l.startsWith("{\"v\":10,"))
          .collect(Collectors.joining("\n"));
      try (EventSourcingDB restored = builder(snap).build()) {
        assertEquals(3, restored.operations().importHistory(new ByteArrayInputStream(rest.getBytes(StandardCharsets.UTF_8))));
        restored.operations().retry();
        assertEquals(10, restored.getVersion());
        assertEquals(rows(es), rows(restored));
      }
    }
  }

  @Test
  void operationsWorkWithTheQueueInItsOwnFile() {
    Path state = dir.resolve("state.db");
    Path queue = dir.resolve("queue.db");
    try (EventSourcingDB es = builder(state).queueFile(queue).build()) {
      es.dispatch("add", Map.of("id", "a", "n", 1));
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", Map.of("id", "z")));
      assertEquals(2, es.operations().status().failing().orElseThrow().v());
      assertTrue(es.operations().status().fileSizes().containsKey(queue.toString()));
      es.operations().skip(2, "queue file");
      es.dispatch("inc", Map.of("id", "a"));
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", Map.of("id", "y")));
      es.operations().replace(4, "add", Map.of("id", "y", "n", 9));
      assertEquals(4, es.getVersion());
      assertTrue(es.operations().verify().clean());
      es.operations().rebuild("acc");
      assertEquals(2, Es.num(Es.model(es, "acc"), "a", "n"));
      assertEquals(9, Es.num(Es.model(es, "acc"), "y", "n"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(4, es.operations().exportHistory(out));
    }
  }

  /** "old/add" {name, count} became "add" {id, n}. */
  public static final class OldAdd implements Upcaster {
    @Override
    public String type() {
      return "old/add";
    }

    @Override
    public Event upcast(Event e) {
      ObjectNode d = obj("id", e.data().path("name").asText(), "n", e.data().path("count").asInt());
      return e.withType("add").withData(d);
    }
  }

  @Test
  void upcastersRewriteOldEventsBeforePreprocessAndLeaveTheStoredEventAlone() {
    Path live = dir.resolve("live.db");
    try (EventSourcingDB es = builder(live).build()) {
      es.queue().add("old/add", Map.of("name", "x", "count", 7)); // written by the old code
    }
    try (EventSourcingDB es = builder(live).upcaster(new OldAdd()).build()) {
      es.operations().retry();
      assertEquals(1, es.getVersion());
      assertEquals(7, Es.num(Es.model(es, "acc"), "x", "n"));
      Event stored = es.queue().get(1L).orElseThrow();
      assertEquals("old/add", stored.type(), "stored type unchanged");
      assertEquals("x", stored.data().get("name").asText(), "stored data unchanged");
      assertTrue(stored.result().has("acc"));
      assertTrue(es.operations().verify().clean(), "replays upcast too");
      es.operations().rebuild("acc");
      assertEquals(7, Es.num(Es.model(es, "acc"), "x", "n"));
    }
  }

  @Test
  void upcastersAreDiscoveredWithServiceLoader() {
    try (EventSourcingDB es = builder(dir.resolve("live.db")).discoverModels().upcaster(new OldAdd()).build()) {
      es.dispatch("old/add", Map.of("name", "y", "count", 3));
      assertEquals(3, Es.num(Es.model(es, "acc"), "y", "n"), "discovered once, registered again: no conflict");
    }
  }

  @Test
  void aFailingUpcasterFailsTheEventWithItsKey() {
    Upcaster broken = new Upcaster() {
      @Override
      public String type() {
        return "old/add";
      }

      @Override
      public Event upcast(Event e) {
        throw new IllegalStateException("cannot upcast");
      }
    };
    try (EventSourcingDB es = builder(dir.resolve("live.db")).upcaster(broken).build()) {
      EventFailedException f = assertThrows(EventFailedException.class, () -> es.dispatch("old/add", Map.of()));
      assertTrue(f.event().error().has("_upcast_old/add"), f.event().error().toString());
      assertEquals(0, es.getVersion());
    }
  }

  @Test
  void twoUpcastersOfOneTypeAreAConfigurationError() {
    Upcaster other = new Upcaster() {
      @Override
      public String type() {
        return "old/add";
      }

      @Override
      public Event upcast(Event e) {
        return null;
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder(dir.resolve("x.db")).upcaster(new OldAdd()).upcaster(other).build());
    assertTrue(e.getMessage().contains("two upcasters") && e.getMessage().contains("OldAdd"), e.getMessage());
  }
}
