package io.strato.reliability;

import static io.strato.jsonmodel.ColumnDef.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBException;
import io.strato.db.StratoException;
import io.strato.es.EventFailedException;
import io.strato.es.EventSourcingDB;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.ModelConfig;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage faults: a full database (SQLITE_FULL mid-write), a read-only database, a file locked by
 * another process past the busy budget, a corrupted file. Clear errors (our exception types, the
 * SQLite code, the DB named, no NPE), nothing partially written, usable again once the fault is
 * gone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StorageFaultTest {
  @TempDir Path dir;

  static JsonModel<ObjectNode> docs(DB db) {
    return db.addModel(d -> new JsonModel<>(d, ModelConfig.builder("docs")
        .column("k", column().type(ColumnType.INTEGER).index(IndexKind.ALL))
        .build()));
  }

  static ObjectNode doc(String id, int k, int size) {
    ObjectNode o = Bank.M.createObjectNode().put("id", id).put("k", k);
    o.put("blob", "b".repeat(size));
    return o;
  }

  static long pageCount(DB db) {
    return db.get("PRAGMA page_count").orElseThrow().getLong("page_count");
  }

  /** Sets (and checks) the writer connection's page limit; the pragma returns a row, so get(), not run(). */
  static void maxPageCount(DB db, long n) {
    long set = db.get("PRAGMA max_page_count = " + n).orElseThrow().getLong("max_page_count");
    assertTrue(set >= n - 1 && set <= n + 1 || n > set, "max_page_count " + set);
  }

  // ------------------------------------------------------------------ SQLITE_FULL

  @Test
  void fullDatabaseFailsCleanlyAndRecovers() {
    try (DB db = DB.builder().file(dir.resolve("full.db")).name("full").build()) {
      JsonModel<ObjectNode> docs = docs(db);
      for (int i = 0; i < 20; i++) {
        docs.set(doc("d" + i, i, 100));
      }
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      long pages = pageCount(db);
      maxPageCount(db, pages + 1);
      String before = Checks.checksum(db);

      DBException e = assertThrows(DBException.class, () -> docs.set(doc("big", 99, 500_000)));
      assertEquals(13, e.primaryCode(), "SQLITE_FULL: " + e.getMessage());
      assertTrue(e.getMessage().contains("full"), "names the DB: " + e.getMessage());
      Checks.assertNoNpe(e, "full");
      assertEquals(before, Checks.checksum(db), "nothing partially written by the failed set");

      // a transaction whose last write fills the disk leaves nothing behind
      assertThrows(DBException.class, () -> db.withTransaction(() -> {
        docs.set(doc("small-1", 1, 10));
        docs.update(Map.of("id", "d1", "k", 1001));
        docs.set(doc("big-2", 2, 500_000));
      }));
      assertEquals(before, Checks.checksum(db), "the whole transaction rolled back");
      assertFalse(db.inTransaction());

      // small writes may still fit; reads work
      assertEquals(20, docs.count(Map.of()));

      // the fault goes away
      maxPageCount(db, 1_000_000);
      docs.set(doc("big", 99, 500_000));
      assertEquals(500_000, docs.get("big").orElseThrow().path("blob").asText().length());
      assertEquals(21, docs.count(Map.of()));
    }
  }

  /** Writes a blob of the event's size: the event is small, its result large. */
  static final class Blobs implements EventModel {
    @Override
    public String name() {
      return "blobs";
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      if (!ctx.event().type().equals("blob")) {
        return null;
      }
      int size = ctx.event().data().path("size").asInt();
      return ReduceResult.result().set(Map.of("id", "b" + ctx.event().v(), "data", "z".repeat(size)));
    }
  }

  @Test
  void fullDatabaseDuringEventProcessingIsRetriedAfterTheFault() {
    Path file = dir.resolve("es-full.db");
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).model(new Blobs())
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(2).build()) {
      es.dispatch("blob", Map.of("size", 100));
      es.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
      maxPageCount(es.db(), pageCount(es.db()) + 2);
      long v = es.getVersion();
      String blobsBefore = String.valueOf(Checks.dump(es.db(), "history", "sqlite_sequence"));
      RuntimeException e = assertThrows(RuntimeException.class, () -> es.dispatch("blob", Map.of("size", 400_000)));
      Checks.assertNoNpe(e, "es full");
      if (e instanceof EventFailedException f) {
        assertTrue(String.valueOf(f.event().error()).toLowerCase().contains("full"), "error says full: " + f.event().error());
      } else {
        assertInstanceOf(DBException.class, e, "our type: " + e);
        assertEquals(13, ((DBException) e).primaryCode(), e.getMessage());
      }
      assertEquals(v, es.getVersion(), "version did not advance");
      assertEquals(blobsBefore, String.valueOf(Checks.dump(es.db(), "history", "sqlite_sequence")),
          "no partial state");

      maxPageCount(es.db(), 1_000_000);
      es.waitForQueue(); // retries the event (if it was queued) now that there is room
      var after = es.dispatch("blob", Map.of("size", 10));
      assertNull(after.error());
      long blobs = es.db().get("SELECT count(*) AS n FROM blobs").orElseThrow().getLong("n");
      assertEquals(es.getVersion(), blobs, "every processed event wrote its blob exactly once");
      assertEquals(es.queue().getMaxV(), es.getVersion(), "nothing left behind");
    }
  }

  // ------------------------------------------------------------------ read-only

  @Test
  void readOnlyDatabaseGivesClearErrors() {
    Path file = dir.resolve("ro.db");
    try (DB db = DB.file(file)) {
      docs(db).set(doc("d1", 1, 10));
    }
    try (DB ro = DB.builder().file(file).name("ro").readOnly(true).build()) {
      JsonModel<ObjectNode> docs = docs(ro);
      assertEquals(1, docs.get("d1").orElseThrow().path("k").asInt(), "reads work");
      String before = Checks.checksum(ro);
      for (Runnable w : List.<Runnable>of(() -> docs.set(doc("d2", 2, 10)), () -> docs.update(Map.of("id", "d1", "k", 5)),
          () -> docs.remove("d1"), () -> ro.run("DELETE FROM docs"), () -> ro.withTransaction(() -> 1))) {
        StratoException e = assertThrows(StratoException.class, w::run);
        String m = e.getMessage().toLowerCase();
        assertTrue(m.contains("read-only") || m.contains("readonly") || m.contains("read only"), e.getMessage());
        assertTrue(m.contains("ro"), "names the DB: " + e.getMessage());
        Checks.assertNoNpe(e, "read-only");
      }
      assertEquals(before, Checks.checksum(ro));
    }
  }

  @Test
  void readOnlyFilePermissions() throws Exception {
    Path file = dir.resolve("perm.db");
    try (DB db = DB.file(file)) {
      docs(db).set(doc("d1", 1, 10));
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // as root, permissions do not stop writes: then this case cannot be observed (readOnly(true) is tested above)
      Assumptions.assumeFalse(Files.isWritable(file), "running as root: file permissions do not prevent writes");
      try (DB db = DB.builder().file(file).name("perm").build()) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> docs(db).set(doc("d2", 2, 10)));
        assertTrue(e instanceof StratoException, "our type: " + e);
        int code = e instanceof DBException d ? d.primaryCode() : -1;
        assertTrue(code == 8 || code == 14 || code == -1, "READONLY or CANTOPEN: " + e.getMessage());
        Checks.assertNoNpe(e, "permissions");
      }
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  // ------------------------------------------------------------------ locked by another process

  @Test
  void fileLockedByAnotherProcess() throws Exception {
    Path file = dir.resolve("locked.db");
    Duration budget = Duration.ofMillis(1500);
    try (DB db = DB.builder().file(file).name("locked").busyTimeout(budget).build()) {
      JsonModel<ObjectNode> docs = docs(db);
      docs.set(doc("d1", 1, 10));
      try (ChildJvm holder = new ChildJvm(LockHolder.class, file.toString())) {
        holder.await("LOCKED", 30_000);
        String before = Checks.checksum(db);
        assertEquals(1, docs.get("d1").orElseThrow().path("k").asInt(), "reads are not blocked (WAL)");

        long t0 = System.nanoTime();
        DBException e = assertThrows(DBException.class, () -> docs.set(doc("d2", 2, 10)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(DBException.SQLITE_BUSY, e.primaryCode(), e.getMessage());
        assertTrue(e.getMessage().contains("locked"), "names the DB: " + e.getMessage());
        assertTrue(ms >= budget.toMillis() / 2, "gave up before the budget: " + ms + " ms");
        assertTrue(ms < budget.toMillis() + 3_000, "waited far past the budget: " + ms + " ms");
        Checks.assertNoNpe(e, "busy");

        DBException e2 = assertThrows(DBException.class, () -> db.withTransaction(() -> docs.set(doc("d3", 3, 10))));
        assertEquals(DBException.SQLITE_BUSY, e2.primaryCode(), e2.getMessage());
        assertFalse(db.inTransaction());
        assertEquals(before, Checks.checksum(db), "nothing written while locked");

        holder.send("RELEASE");
        holder.await("RELEASED", 30_000);
        docs.set(doc("d2", 2, 10));
        assertEquals(2, docs.count(Map.of()), "works after the lock is released");
        assertEquals(1, db.get("SELECT count(*) AS n FROM lockholder").orElseThrow().getLong("n"),
            "the other process's transaction committed");
      }
    }
  }

  // ------------------------------------------------------------------ corrupted file

  @Test
  void corruptedHeaderGivesNotADatabase() throws Exception {
    Path file = dir.resolve("corrupt.db");
    try (DB db = DB.file(file)) {
      docs(db).set(doc("d1", 1, 10));
    }
    Path backup = dir.resolve("backup.db");
    Files.copy(file, backup);
    Files.deleteIfExists(dir.resolve("corrupt.db-wal"));
    Files.deleteIfExists(dir.resolve("corrupt.db-shm"));
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(0);
      raf.write("this is definitely not an SQLite header; garbage garbage garbage garbage garbage garbage garbage!!"
          .getBytes());
    }
    DB db = DB.builder().file(file).name("corrupt").build();
    JsonModel<ObjectNode> docs = docs(db);
    for (Runnable r : List.<Runnable>of(db::open, () -> docs.get("d1"), () -> db.all("SELECT 1 AS x"))) {
      DBException e = assertThrows(DBException.class, r::run);
      assertEquals(26, e.primaryCode(), "SQLITE_NOTADB: " + e.getMessage());
      assertTrue(e.getMessage().contains("corrupt"), "names the DB: " + e.getMessage());
      Checks.assertNoNpe(e, "corrupt");
      assertFalse(db.isOpen(), "stays closed");
    }
    // the same for an EventSourcingDB on the file
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).model(new Blobs()).build()) {
      DBException e = assertThrows(DBException.class, es::open);
      assertEquals(26, e.primaryCode(), e.getMessage());
      DBException e2 = assertThrows(DBException.class, () -> es.dispatch("blob", Map.of("size", 1)));
      assertEquals(26, e2.primaryCode(), e2.getMessage());
    }
    // a text file is not a database either
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello\n".repeat(1000));
    try (DB t = DB.file(text)) {
      DBException e = assertThrows(DBException.class, () -> t.all("SELECT 1 AS x"));
      assertEquals(26, e.primaryCode(), e.getMessage());
    }
    // the fault goes away: the same DB object opens on the next call
    Files.copy(backup, file, StandardCopyOption.REPLACE_EXISTING);
    assertEquals(1, docs.get("d1").orElseThrow().path("k").asInt());
    assertTrue(db.isOpen());
    db.close();
  }

  @Test
  void corruptedPageGivesACorruptError() throws Exception {
    Path file = dir.resolve("pages.db");
    try (DB db = DB.file(file)) {
      JsonModel<ObjectNode> docs = docs(db);
      for (int i = 0; i < 200; i++) {
        docs.set(doc("d" + i, i, 200));
      }
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    long size = Files.size(file);
    assertTrue(size > 8 * 4096, "file has pages to corrupt: " + size);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      byte[] junk = new byte[4096];
      new java.util.Random(1).nextBytes(junk);
      for (long off = 4096; off + 4096 <= size; off += 4096) {
        raf.seek(off);
        raf.write(junk); // every page after the first (schema root): b-tree pages are garbage
      }
    }
    try (DB db = DB.builder().file(file).name("pages").build()) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> {
        JsonModel<ObjectNode> docs = docs(db);
        docs.all();
      });
      assertTrue(e instanceof StratoException || e instanceof IllegalArgumentException, "our type: " + e);
      Checks.assertNoNpe(e, "corrupt page");
      if (e instanceof DBException d) {
        assertNotEquals(0, d.primaryCode(), e.getMessage());
      }
    }
  }
}
