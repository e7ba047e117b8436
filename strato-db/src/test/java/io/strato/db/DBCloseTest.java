package io.strato.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After close() every connection is gone (writer, readers, the data-version probe, the
 * checkpointer's): SQLite then checkpoints and deletes the -wal and -shm files, so only the
 * database file remains. A leaked connection or statement leaves them behind.
 */
class DBCloseTest {
  @TempDir Path dir;

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void onlyTheDatabaseFileRemainsAfterClose() throws Exception {
    DB db = DB.builder().file(dir.resolve("c.db")).checkpointInterval(Duration.ofMillis(5)).build();
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT); CREATE INDEX tx ON t(x)");
    for (int i = 0; i < 50; i++) {
      db.run("INSERT INTO t(x) VALUES (?)", "x" + i);
    }
    db.dataVersion(); // the probe connection
    // readers on other threads, and a streaming read on this one
    CompletableFuture<?>[] reads = new CompletableFuture<?>[4];
    for (int i = 0; i < reads.length; i++) {
      reads[i] = CompletableFuture.runAsync(() -> db.all("SELECT * FROM t WHERE x = ?", "x7"));
    }
    CompletableFuture.allOf(reads).get(10, TimeUnit.SECONDS);
    db.each("SELECT x FROM t", List.of(), r -> r.getString("x"));
    db.withTransaction(() -> db.run("UPDATE t SET x = x || '!' WHERE id = 1"));
    Thread.sleep(50); // let the checkpointer run on its own connection
    db.close();
    assertEquals(List.of("c.db"), files(), "no -wal or -shm left: every connection was closed");
    try (DB again = DB.file(dir.resolve("c.db"))) {
      assertEquals(50, again.all("SELECT * FROM t").size());
      assertEquals("x0!", again.get("SELECT x FROM t WHERE id = 1").orElseThrow().getString("x"));
    }
    assertEquals(List.of("c.db"), files(), "and again after a reopen and close");
  }

  /** A read still running on another thread when close() returns closes its connection when it ends. */
  @Test
  void aReadRunningDuringCloseClosesItsConnectionWhenItEnds() throws Exception {
    DB db = DB.file(dir.resolve("r.db"));
    db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    CompletableFuture<Void> read = CompletableFuture.runAsync(() -> db.each("SELECT x FROM t", List.of(), r -> {
      reading.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      org.junit.jupiter.api.Assertions.assertTrue(reading.await(10, TimeUnit.SECONDS));
      db.close();
    } finally {
      release.countDown();
    }
    read.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("r.db"), files(), "the reader was closed, not kept for later");
  }
}
