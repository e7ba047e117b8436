package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.EventSourcingDB;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent appends share statements (group commit): fewer append transactions than events
 * (each transaction carries one token), and still no gap, no duplicate, each caller's own version.
 */
class AppendGroupTest {
  @TempDir Path dir;
  private String schema;

  @BeforeEach
  void setUp() {
    PgTestSupport.requireServer();
    schema = PgTestSupport.newSchema();
  }

  @AfterEach
  void tearDown() {
    PgTestSupport.dropSchema(schema);
  }

  private static ObjectNode data(int thread, int i) {
    return TestApp.M.createObjectNode().put("t", thread).put("i", i).put("text", "ünïcödé € " + thread + "/" + i);
  }

  /** {count(*), max(v), count(DISTINCT token), count(DISTINCT data)} of the events table. */
  private long[] stats() throws Exception {
    try (Connection c = DriverManager.getConnection(PgTestSupport.url()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), coalesce(max(v), 0), count(DISTINCT token),"
            + " count(DISTINCT data) FROM " + schema + ".events")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
    }
  }

  /** Runs {@code threads} appenders of {@code each} events, started together; returns what each got. */
  private static List<List<Event>> appendConcurrently(int threads, int each, AppendTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Event>>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      fs.add(pool.submit(() -> {
        start.await();
        List<Event> mine = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          mine.add(task.append(thread, i));
        }
        return mine;
      }));
    }
    start.countDown();
    List<List<Event>> out = new ArrayList<>();
    try {
      for (Future<List<Event>> f : fs) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private interface AppendTask {
    Event append(int thread, int i) throws Exception;
  }

  /** Every caller got its own version, in its own order, for its own data; the log is gapless. */
  private static void assertOwnVersions(PostgresEventLog log, List<List<Event>> got, int total) {
    Set<Long> seen = new HashSet<>();
    for (int t = 0; t < got.size(); t++) {
      long prev = 0;
      for (int i = 0; i < got.get(t).size(); i++) {
        Event e = got.get(t).get(i);
        assertTrue(seen.add(e.v()), "version " + e.v() + " returned twice");
        assertTrue(e.v() > prev, "a thread's appends are in its order");
        prev = e.v();
        assertEquals(data(t, i), log.get(e.v()).orElseThrow().data(), "event " + e.v() + " holds its caller's data");
      }
    }
    assertEquals(total, seen.size());
    assertEquals(1L, seen.stream().mapToLong(Long::longValue).min().orElseThrow());
    assertEquals(total, seen.stream().mapToLong(Long::longValue).max().orElseThrow());
  }

  @Test
  void concurrentAppendsShareTransactionsWithoutGapsOrDuplicates() throws Exception {
    int threads = 16;
    int each = 40;
    try (PostgresEventLog log = PgTestSupport.log(schema)) {
      List<List<Event>> got = appendConcurrently(threads, each, (t, i) -> log.append("inc", data(t, i), 0));
      assertOwnVersions(log, got, threads * each);
      long[] s = stats();
      assertEquals(threads * each, s[0], "every append stored once");
      assertEquals(threads * each, s[1], "gapless");
      assertEquals(threads * each, s[3], "no event doubled");
      assertTrue(s[2] < threads * each, "grouped: " + s[2] + " append transactions for " + s[0] + " events");
      assertTrue(s[2] >= 1);
    }
  }

  @Test
  void concurrentDispatchesOnOneNodeAreGroupedToo() throws Exception {
    int threads = 8;
    int each = 25;
    try (PostgresEventLog log = PgTestSupport.log(schema);
        EventSourcingDB es = TestApp.builder(dir.resolve("solo.db")).eventLog(log)
            .processedRecords(new SqliteProcessedRecords(log)).build()) {
      List<List<Event>> got = appendConcurrently(threads, each, (t, i) -> es.dispatch("note", data(t, i)));
      assertOwnVersions(log, got, threads * each);
      assertEquals(threads * each, es.getVersion(), "every dispatch processed");
      long[] s = stats();
      assertEquals(threads * each, s[0]);
      assertTrue(s[2] < threads * each, "grouped: " + s[2] + " append transactions for " + s[0] + " dispatches");
    }
  }

  @Test
  void groupsSurviveKilledConnectionsWithoutLosingOrDoublingAnAppend() throws Exception {
    int threads = 8;
    int each = 40;
    String app = "strato-" + schema + "-group";
    try (PostgresEventLog log = PgTestSupport.log(schema, app)) {
      Thread killer = new Thread(() -> {
        for (int k = 0; k < 3; k++) {
          try {
            Thread.sleep(60);
          } catch (InterruptedException e) {
            return;
          }
          PgTestSupport.killSessions(app);
        }
      });
      killer.start();
      List<List<Event>> got = appendConcurrently(threads, each, (t, i) -> log.append("inc", data(t, i), 0));
      killer.join();
      assertOwnVersions(log, got, threads * each);
      long[] s = stats();
      assertEquals(threads * each, s[0], "nothing lost or doubled across reconnects");
      assertEquals(threads * each, s[3]);
    }
  }
}
