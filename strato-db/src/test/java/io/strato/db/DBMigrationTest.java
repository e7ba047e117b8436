package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** registerMigrations: ordering, once per database, recording, failures. */
class DBMigrationTest {
  @TempDir Path dir;

  private static Migration log(List<String> log, String what) {
    return d -> log.add(what);
  }

  @Test
  void runInRunKeyStringOrderAcrossGroups() {
    List<String> log = new ArrayList<>();
    try (DB db = DB.file(dir.resolve("m.db"))) {
      Map<String, Migration> b = new LinkedHashMap<>();
      b.put("2024-01-01", log(log, "2024-01-01 b"));
      b.put("10", log(log, "10 b"));
      b.put("0", log(log, "0 b"));
      Map<String, Migration> a = new LinkedHashMap<>();
      a.put("1_x", log(log, "1_x a"));
      a.put("0", log(log, "0 a"));
      a.put("9", log(log, "9 a"));
      db.registerMigrations("b", b);
      db.registerMigrations("a", a);
      db.open();
      // string order: "0 a" < "0 b" < "10 b" < "1_x a" < "2024-01-01 b" < "9 a"
      assertEquals(List.of("0 a", "0 b", "10 b", "1_x a", "2024-01-01 b", "9 a"), log);
      List<String> keys = db.all("SELECT runKey FROM \"{sdb} migrations\" ORDER BY runKey").stream()
          .map(r -> r.getString("runKey")).toList();
      assertEquals(List.of("0 a", "0 b", "10 b", "1_x a", "2024-01-01 b", "9 a"), keys);
      Row r = db.get("SELECT ts, up FROM \"{sdb} migrations\" WHERE runKey = '0 a'").orElseThrow();
      assertNotNull(r.get("ts"));
      assertEquals(1L, r.getLong("up"));
    }
  }

  @Test
  void eachMigrationRunsOnceAcrossReopenAndNewObjects() {
    Path f = dir.resolve("once.db");
    List<String> log = new ArrayList<>();
    Map<String, Migration> ms = Map.of(
        "0", d -> {
          d.exec("CREATE TABLE t(x)");
          log.add("0");
        },
        "1", d -> {
          d.run("INSERT INTO t VALUES (1)");
          log.add("1");
        });
    try (DB db = DB.file(f)) {
      db.registerMigrations("g", ms);
      db.open();
      assertEquals(List.of("0", "1"), log);
      db.close();
      db.open();
      assertEquals(List.of("0", "1"), log, "not again after reopen");
    }
    try (DB db = DB.file(f)) {
      db.registerMigrations("g", ms);
      Map<String, Migration> more = Map.of("2", d -> {
        d.run("INSERT INTO t VALUES (2)");
        log.add("2");
      });
      db.registerMigrations("h", more);
      db.open();
      assertEquals(List.of("0", "1", "2"), log, "only the new one runs on a new DB object");
      assertEquals(2, db.all("SELECT * FROM t").size());
    }
  }

  @Test
  void registeringAfterOpenIsAnError() {
    try (DB db = DB.memory()) {
      db.open();
      StratoException e = assertThrows(StratoException.class,
          () -> db.registerMigrations("late", Map.of("0", d -> {})));
      assertTrue(e.getMessage().contains("late"), e.getMessage());
      db.close();
      assertThrows(StratoException.class, () -> db.registerMigrations("late", Map.of("0", d -> {})));
    }
  }

  @Test
  void registerValidatesArguments() {
    try (DB db = DB.memory()) {
      assertThrows(IllegalArgumentException.class, () -> db.registerMigrations(null, Map.of()));
      assertThrows(IllegalArgumentException.class, () -> db.registerMigrations("", Map.of()));
      assertThrows(IllegalArgumentException.class, () -> db.registerMigrations("g", null));
      assertThrows(IllegalArgumentException.class, () -> db.registerMigrations("g", Map.of("", d -> {})));
      Map<String, Migration> withNull = new LinkedHashMap<>();
      withNull.put("0", null);
      assertThrows(IllegalArgumentException.class, () -> db.registerMigrations("g", withNull));
      db.registerMigrations("g", Map.of("0", d -> {}));
      assertThrows(IllegalArgumentException.class, () -> db.registerMigrations("g", Map.of("0", d -> {})),
          "duplicate");
      db.registerMigrations("g", Map.of("1", d -> {}));
      db.registerMigrations("h", Map.of("0", d -> {}));
    }
  }

  @Test
  void failingMigrationRollsBackWholeBatch() {
    Path f = dir.resolve("fail.db");
    List<String> log = new ArrayList<>();
    try (DB db = DB.file(f)) {
      db.registerMigrations("g", Map.of(
          "0", d -> {
            d.exec("CREATE TABLE first(x)");
            log.add("0");
          },
          "1", d -> {
            d.exec("CREATE TABLE second(x)");
            log.add("1");
            throw new IllegalStateException("broken migration");
          },
          "2", d -> log.add("2")));
      StratoException e = assertThrows(StratoException.class, db::open);
      assertTrue(e.getMessage().contains("broken migration"), e.getMessage());
      assertTrue(e.getMessage().contains("DB 'fail.db': migration '1' of group 'g' failed"),
          "names the DB, the migration and its group: " + e.getMessage());
      assertFalse(db.isOpen());
      assertEquals(List.of("0", "1"), log, "stopped at the failure");
    }
    // look at the file without migrations
    try (DB raw = DB.file(f)) {
      assertTrue(raw.all("SELECT name FROM sqlite_master WHERE name IN ('first', 'second')").isEmpty(),
          "tables of the batch rolled back");
      List<Row> done = raw.all("SELECT runKey FROM \"{sdb} migrations\"");
      assertTrue(done.isEmpty(), "nothing recorded: " + done);
    }
  }

  @Test
  void failingMigrationWithSqlErrorFailsOpen() {
    try (DB db = DB.file(dir.resolve("sqlfail.db"))) {
      db.registerMigrations("g", Map.of("0", d -> d.exec("CREATE TABLE ok(x)"), "1", d -> d.exec("CREATE TABLEX bad")));
      StratoException e = assertThrows(StratoException.class, db::open);
      assertFalse(db.isOpen());
      Throwable cause = e;
      while (cause != null && !(cause instanceof DBException)) {
        cause = cause.getCause();
      }
      assertNotNull(cause, "the SQLite error is kept as cause");
    }
  }

  @Test
  void readOnlyDoesNotRunMigrations() {
    Path f = dir.resolve("ro.db");
    try (DB db = DB.file(f)) {
      db.exec("CREATE TABLE t(x)");
    }
    List<String> log = new ArrayList<>();
    try (DB ro = DB.builder().file(f).readOnly(true).build()) {
      ro.registerMigrations("g", Map.of("0", d -> log.add("ran")));
      ro.open();
      assertTrue(ro.isOpen());
      assertTrue(log.isEmpty());
      assertTrue(ro.all("SELECT * FROM \"{sdb} migrations\" WHERE runKey = '0 g'").isEmpty(), "nothing recorded");
    }
  }

  /** Upstream's table: runKey, ts (integer unix seconds), up; no key, one row per run. */
  @Test
  void migrationsTableHasUpstreamsLayout() {
    try (DB db = DB.file(dir.resolve("layout.db"))) {
      db.registerMigrations("g", Map.of("0", d -> {}));
      long before = System.currentTimeMillis() / 1000;
      db.open();
      List<String> cols = db.all("SELECT name || ' ' || type || ' ' || pk AS c FROM pragma_table_info('{sdb} migrations')")
          .stream().map(r -> r.getString("c")).toList();
      assertEquals(List.of("runKey TEXT 0", "ts DATETIME 0", "up BOOLEAN 0"), cols);
      Row r = db.get("SELECT typeof(ts) AS t, ts, up FROM \"{sdb} migrations\" WHERE runKey = '0 g'").orElseThrow();
      assertEquals("integer", r.getString("t"));
      long ts = r.getLong("ts");
      assertTrue(ts >= before && ts <= System.currentTimeMillis() / 1000 + 1, "unix seconds: " + ts);
    }
  }

  /** As upstream: a key whose latest row has up = 0 is not done; old text timestamps and a keyed table still read. */
  @Test
  void doneKeysAsUpstreamReadsThem() {
    Path f = dir.resolve("old.db");
    // the layout earlier versions of this library wrote
    rawExec(f, "CREATE TABLE \"{sdb} migrations\" (runKey TEXT PRIMARY KEY, ts DATETIME, up BOOLEAN);"
        + "INSERT INTO \"{sdb} migrations\" VALUES ('0 g', '2024-05-01 10:00:00', 1), ('1 g', 10, 0)");
    List<String> log = new ArrayList<>();
    try (DB db = DB.file(f)) {
      db.registerMigrations("g", Map.of("0", log(log, "0"), "1", log(log, "1")));
      db.open();
      assertEquals(List.of("1"), log, "the old text-timestamped key still counts; the up = 0 one runs again");
      assertEquals(1L, db.get("SELECT up FROM \"{sdb} migrations\" WHERE runKey = '1 g'").orElseThrow().getLong("up"),
          "recorded again in the keyed table");
    }
    log.clear();
    try (DB db = DB.file(f)) {
      db.registerMigrations("g", Map.of("0", log(log, "0"), "1", log(log, "1")));
      db.open();
      assertEquals(List.of(), log);
    }
  }

  /** Upstream's pre-3.0 table name is taken over. */
  @Test
  void renamesUpstreamsOldMigrationsTable() {
    Path f = dir.resolve("v2.db");
    rawExec(f, "CREATE TABLE _migrations (runKey TEXT, ts DATETIME, up BOOLEAN);"
        + "INSERT INTO _migrations VALUES ('0 g', 1500000000, 1)");
    List<String> log = new ArrayList<>();
    try (DB db = DB.file(f)) {
      db.registerMigrations("g", Map.of("0", log(log, "0"), "1", log(log, "1")));
      db.open();
      assertEquals(List.of("1"), log);
      assertTrue(db.get("SELECT 1 AS e FROM sqlite_master WHERE name = '_migrations'").isEmpty());
    }
  }

  /** Writes a file with plain JDBC (a DB object would create the migrations table on open). */
  private static void rawExec(Path f, String sql) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f);
        java.sql.Statement st = c.createStatement()) {
      for (String part : sql.split(";")) {
        st.execute(part);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
