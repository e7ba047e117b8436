package io.strato.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Housekeeping's way onto the writer ({@link ConnectionManager#tryOnWriter}): it runs the
 * statement when the writer is free, and skips the round, without waiting, when the DB is
 * closed or another thread holds the writer (a vacuum step must not queue behind a long
 * transaction).
 */
class ConnectionManagerTest {
  @TempDir Path dir;

  private ConnectionManager manager(String file) {
    DbSettings s = new DbSettings(dir.resolve(file), file, false, 2, Duration.ofSeconds(5), false, false,
        Duration.ofSeconds(30), 1024, Duration.ZERO, Duration.ZERO);
    return new ConnectionManager(s, new Listeners());
  }

  private static long userVersion(ConnectionManager cm) {
    return cm.onWriter(c -> {
      try (var st = c.jdbc().createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
        rs.next();
        return rs.getLong(1);
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void runsOnAFreeWriter() {
    ConnectionManager cm = manager("free.db");
    cm.openWriter();
    try {
      assertTrue(cm.tryOnWriter("PRAGMA user_version = 5"));
      assertEquals(5L, userVersion(cm));
    } finally {
      cm.closeAll(false);
    }
  }

  @Test
  void skipsWhenClosed() {
    ConnectionManager cm = manager("closed.db");
    assertFalse(cm.tryOnWriter("PRAGMA user_version = 5"), "never opened");
    cm.openWriter();
    cm.closeAll(false);
    assertFalse(cm.tryOnWriter("PRAGMA user_version = 5"), "closed again");
  }

  @Test
  void skipsWithoutWaitingWhileAnotherThreadHoldsTheWriter() throws Exception {
    ConnectionManager cm = manager("busy.db");
    cm.openWriter();
    CountDownLatch inTx = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> tx = CompletableFuture.runAsync(() -> cm.transaction(() -> {
      inTx.countDown();
      release.await(20, TimeUnit.SECONDS);
      return null;
    }));
    try {
      assertTrue(inTx.await(10, TimeUnit.SECONDS));
      long t0 = System.nanoTime();
      assertFalse(cm.tryOnWriter("PRAGMA user_version = 5"));
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000, "did not wait for the transaction");
    } finally {
      release.countDown();
    }
    tx.get(10, TimeUnit.SECONDS);
    try {
      assertEquals(0L, userVersion(cm), "the skipped statement did not run");
    } finally {
      cm.closeAll(false);
    }
  }
}
