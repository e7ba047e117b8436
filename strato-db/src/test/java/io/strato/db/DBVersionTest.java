package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** user_version and data_version. */
class DBVersionTest {
  @TempDir Path dir;

  @Test
  void userVersionGetSet() {
    Path f = dir.resolve("v.db");
    try (DB db = DB.file(f)) {
      assertEquals(0, db.userVersion());
      db.userVersion(42);
      assertEquals(42, db.userVersion());
      db.userVersion(-3);
      assertEquals(-3, db.userVersion());
      db.userVersion(7);
    }
    try (DB db = DB.file(f)) {
      assertEquals(7, db.userVersion(), "persisted");
    }
  }

  @Test
  void userVersionInsideTransactionSeesOwnWriteAndRollsBack() {
    try (DB db = DB.file(dir.resolve("v.db"))) {
      db.userVersion(1);
      assertThrows(IllegalStateException.class, () -> db.withTransaction(() -> {
        db.userVersion(2);
        assertEquals(2, db.userVersion());
        throw new IllegalStateException("undo");
      }));
      assertEquals(1, db.userVersion());
    }
  }

  @Test
  void userVersionInMemory() {
    try (DB db = DB.memory()) {
      db.userVersion(5);
      assertEquals(5, db.userVersion());
    }
  }

  @Test
  void dataVersionChangesWhenAnotherConnectionCommits() {
    Path f = dir.resolve("d.db");
    try (DB a = DB.file(f); DB b = DB.file(f)) {
      a.exec("CREATE TABLE t(x)");
      long v1 = a.dataVersion();
      assertEquals(v1, a.dataVersion(), "stable while nothing changes");
      b.run("INSERT INTO t VALUES (1)");
      long v2 = a.dataVersion();
      assertNotEquals(v1, v2, "another DB object committed");
      assertEquals(v2, a.dataVersion());
      b.withTransaction(() -> b.run("INSERT INTO t VALUES (2)"));
      assertNotEquals(v2, a.dataVersion());
      // b sees a's commits too
      long bv = b.dataVersion();
      a.run("INSERT INTO t VALUES (3)");
      assertNotEquals(bv, b.dataVersion());
    }
  }

  /** A cache keyed on dataVersion must also notice the DB's own commits. */
  @Test
  void dataVersionChangesWhenThisDbCommits() {
    try (DB db = DB.file(dir.resolve("own.db"))) {
      db.exec("CREATE TABLE t(x)");
      long v1 = db.dataVersion();
      db.run("INSERT INTO t VALUES (1)");
      long v2 = db.dataVersion();
      assertNotEquals(v1, v2, "an autocommit write");
      db.withTransaction(() -> db.run("INSERT INTO t VALUES (2)"));
      assertNotEquals(v2, db.dataVersion(), "a transaction");
    }
  }

  @Test
  void dataVersionAfterReopen() {
    Path f = dir.resolve("d2.db");
    try (DB a = DB.file(f); DB b = DB.file(f)) {
      a.exec("CREATE TABLE t(x)");
      a.dataVersion();
      a.close();
      long v = a.dataVersion();
      b.run("INSERT INTO t VALUES (1)");
      assertNotEquals(v, a.dataVersion());
    }
  }
}
