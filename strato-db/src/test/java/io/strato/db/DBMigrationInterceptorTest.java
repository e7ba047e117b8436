package io.strato.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DB.Builder.aroundMigrations: set-up around the migration batch of each open. */
class DBMigrationInterceptorTest {
  @TempDir Path dir;

  /** What a layer above does with it: a right that holds on the migrating thread during the batch only. */
  private static final ThreadLocal<String> GRANT = new ThreadLocal<>();

  private static MigrationInterceptor granting(List<String> log) {
    return (db, migrations) -> {
      log.add("enter inTx=" + db.inTransaction());
      GRANT.set("granted");
      try {
        migrations.run();
      } finally {
        GRANT.remove();
        log.add("leave");
      }
    };
  }

  @Test
  void wrapsTheWholeBatchOnTheMigratingThreadInsideItsTransaction() {
    List<String> log = new ArrayList<>();
    try (DB db = DB.builder().file(dir.resolve("a.db")).onBeforeMigrations(d -> log.add("before"))
        .onDidOpen(d -> log.add("did open")).aroundMigrations(granting(log)).build()) {
      db.registerMigrations("g", Map.of(
          "0", d -> log.add("0 sees " + GRANT.get()),
          "1", d -> log.add("1 sees " + GRANT.get())));
      db.open();
      assertEquals(List.of("before", "enter inTx=true", "0 sees granted", "1 sees granted", "leave", "did open"), log);
      assertEquals(null, GRANT.get(), "taken back after the batch");
    }
  }

  @Test
  void aFailingMigrationStillLeavesTheInterceptorAndRollsBack() {
    List<String> log = new ArrayList<>();
    Path f = dir.resolve("fail.db");
    try (DB db = DB.builder().file(f).aroundMigrations(granting(log)).build()) {
      db.registerMigrations("g", Map.of(
          "0", d -> d.exec("CREATE TABLE t(x)"),
          "1", d -> {
            throw new IllegalStateException("boom");
          }));
      StratoException e = assertThrows(StratoException.class, db::open);
      assertTrue(e.getMessage().contains("boom"), e.getMessage());
      assertEquals(List.of("enter inTx=true", "leave"), log);
      assertFalse(db.isOpen());
    }
    try (DB db = DB.file(f)) {
      assertTrue(db.all("SELECT name FROM sqlite_master WHERE name = 't'").isEmpty(), "rolled back");
    }
  }

  @Test
  void runsAtEveryOpenAlsoWithNothingPending() {
    List<String> log = new ArrayList<>();
    try (DB db = DB.builder().file(dir.resolve("again.db")).aroundMigrations(granting(log)).build()) {
      db.registerMigrations("g", Map.of("0", d -> log.add("0")));
      db.open();
      db.close();
      db.open();
      assertEquals(List.of("enter inTx=true", "0", "leave", "enter inTx=true", "leave"), log);
    }
  }

  @Test
  void anInterceptorThatSkipsOrRepeatsTheBatchFailsTheOpen() {
    List<String> ran = new ArrayList<>();
    try (DB db = DB.builder().aroundMigrations((d, m) -> {}).build()) {
      db.registerMigrations("g", Map.of("0", d -> ran.add("0")));
      StratoException e = assertThrows(StratoException.class, db::open);
      assertTrue(e.getMessage().contains("interceptor returned without running"), e.getMessage());
      assertFalse(db.isOpen());
    }
    try (DB db = DB.builder().aroundMigrations((d, m) -> {
      m.run();
      m.run();
    }).build()) {
      db.registerMigrations("g", Map.of("0", d -> ran.add("0")));
      StratoException e = assertThrows(StratoException.class, db::open);
      assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }
  }

  @Test
  void notCalledForAReadOnlyDb() {
    Path f = dir.resolve("ro.db");
    try (DB db = DB.file(f)) {
      db.open();
    }
    List<String> log = new ArrayList<>();
    try (DB db = DB.builder().file(f).readOnly(true).aroundMigrations(granting(log)).build()) {
      db.open();
      assertEquals(List.of(), log);
    }
  }

  @Test
  void nullIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DB.builder().aroundMigrations(null));
    assertTrue(e.getMessage().contains("aroundMigrations"), e.getMessage());
  }
}
