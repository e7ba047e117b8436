package io.strato.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.db.StratoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry on its own: it works through a host, and its class does not refer to DB. */
class MigrationRegistryTest {
  /** A host over a DB that records which migrations (plain strings here) ran. */
  private static final class Host implements MigrationHost<String> {
    final DB db;
    final List<String> ran = new ArrayList<>();

    Host(DB db) {
      this.db = db;
    }

    @Override
    public String name() {
      return "host";
    }

    @Override
    public List<Row> all(String sql, Object... params) {
      return db.all(sql, params);
    }

    @Override
    public void exec(String script) {
      db.exec(script);
    }

    @Override
    public void run(String sql, Object... params) {
      db.run(sql, params);
    }

    @Override
    public void up(String migration) {
      if (migration.equals("fail")) {
        throw new IllegalStateException("failing on purpose");
      }
      ran.add(migration);
    }
  }

  @Test
  void runsAnyMigrationTypeThroughItsHostOncePerDatabase() throws Exception {
    try (DB db = DB.memory()) {
      MigrationRegistry<String> r = new MigrationRegistry<>();
      r.register("host", "b", Map.of("0", "zero b", "1", "one b"));
      r.register("host", "a", Map.of("0", "zero a"));
      Host h = new Host(db);
      db.withTransaction(() -> r.runPending(h));
      assertEquals(List.of("zero a", "zero b", "one b"), h.ran);
      db.withTransaction(() -> r.runPending(h));
      assertEquals(3, h.ran.size(), "done keys are recorded in the table and not run again");
      assertEquals(3, db.all("SELECT runKey FROM \"{sdb} migrations\"").size());
    }
  }

  @Test
  void aFailureNamesTheMigrationAndItsGroup() {
    try (DB db = DB.memory()) {
      MigrationRegistry<String> r = new MigrationRegistry<>();
      r.register("host", "g", Map.of("7", "fail"));
      StratoException e = assertThrows(StratoException.class, () -> r.runPending(new Host(db)));
      assertTrue(e.getMessage().contains("'7' of group 'g'"), e.getMessage());
    }
  }

  @Test
  void registeringAfterTheRunIsRefused() {
    MigrationRegistry<String> r = new MigrationRegistry<>();
    r.markRan();
    assertThrows(StratoException.class, () -> r.register("host", "g", Map.of("0", "x")));
    assertThrows(IllegalArgumentException.class, () -> new MigrationRegistry<String>().register("host", "", Map.of()));
  }

  /** The DB ↔ registry cycle stays broken: neither the class nor its nested record names DB. */
  @Test
  void theRegistryDoesNotReferToTheDbClass() throws IOException {
    for (String cls : List.of("MigrationRegistry.class", "MigrationRegistry$Entry.class", "MigrationHost.class")) {
      String text;
      try (InputStream in = MigrationRegistry.class.getResourceAsStream(cls)) {
        text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
      // a class reference is the UTF-8 entry "io/strato/db/DB" (length 15); a descriptor has "Lio/strato/db/DB;"
      assertFalse(text.contains("\u0000\u000fio/strato/db/DB"), cls + " refers to the DB class");
      assertFalse(text.contains("Lio/strato/db/DB;"), cls + " has a DB in a signature");
    }
  }
}
