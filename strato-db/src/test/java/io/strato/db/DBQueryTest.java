package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** all/get/run/exec/each, parameter binding, value types, rows. */
class DBQueryTest {
  @TempDir Path dir;
  DB db;

  @BeforeEach
  void setUp() {
    db = DB.file(dir.resolve("q.db"));
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, n INTEGER, r REAL, b BLOB)");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  @Test
  void runReturnsLastIdAndChanges() {
    RunResult r1 = db.run("INSERT INTO t(name) VALUES (?)", "a");
    assertEquals(1, r1.lastId());
    assertEquals(1, r1.changes());
    RunResult r2 = db.run("INSERT INTO t(id, name) VALUES (?, ?), (?, ?)", 10, "b", 11, "c");
    assertEquals(11, r2.lastId());
    assertEquals(2, r2.changes());
    RunResult r3 = db.run("UPDATE t SET n = ? WHERE id >= ?", 5, 10);
    assertEquals(2, r3.changes());
    RunResult r4 = db.run("DELETE FROM t WHERE id = ?", 999);
    assertEquals(0, r4.changes());
    RunResult r5 = db.run(Sql.of("DELETE FROM t WHERE id = ").param(1));
    assertEquals(1, r5.changes());
  }

  @Test
  void allReturnsEveryRowInOrder() {
    for (int i = 0; i < 5; i++) {
      db.run("INSERT INTO t(id, name) VALUES (?, ?)", i, "n" + i);
    }
    List<Row> rows = db.all("SELECT id, name FROM t WHERE id > ? ORDER BY id", 1);
    assertEquals(3, rows.size());
    assertEquals(List.of(2L, 3L, 4L), rows.stream().map(r -> r.getLong("id")).toList());
    assertEquals("n3", rows.get(1).getString("name"));
    assertEquals(List.of("id", "name"), rows.get(0).columns());
    assertTrue(db.all("SELECT * FROM t WHERE id < 0").isEmpty());
    assertEquals(5, db.all(Sql.of("SELECT * FROM t")).size());
  }

  @Test
  void getReturnsFirstRowOrEmpty() {
    db.run("INSERT INTO t(id, name) VALUES (1, 'a'), (2, 'b')");
    assertEquals("a", db.get("SELECT name FROM t ORDER BY id").orElseThrow().getString("name"));
    assertEquals(Optional.empty(), db.get("SELECT name FROM t WHERE id = ?", 42));
    assertEquals("b", db.get(Sql.of("SELECT name FROM t WHERE id = ").param(2)).orElseThrow().getString("name"));
  }

  @Test
  void booleansBindAsZeroAndOne() {
    db.run("INSERT INTO t(id, n) VALUES (?, ?), (?, ?)", 1, true, 2, false);
    assertEquals(1L, db.get("SELECT n FROM t WHERE id = 1").orElseThrow().get("n"));
    assertEquals(0L, db.get("SELECT n FROM t WHERE id = 2").orElseThrow().get("n"));
    assertEquals("integer", db.get("SELECT typeof(?) AS ty", true).orElseThrow().getString("ty"));
    assertEquals(1L, db.get("SELECT ? = 1 AS ok", true).orElseThrow().getLong("ok"));
  }

  @Test
  void nullBindsAsNull() {
    db.run("INSERT INTO t(id, name, n) VALUES (?, ?, ?)", 1, null, null);
    Row r = db.get("SELECT name, n, name IS NULL AS is_null FROM t").orElseThrow();
    assertNull(r.get("name"));
    assertNull(r.getLong("n"));
    assertNull(r.getString("name"));
    assertEquals(1L, r.getLong("is_null"));
    assertEquals("null", db.get("SELECT typeof(?) AS ty", (Object) null).orElseThrow().getString("ty"));
    // a bare null varargs array is one NULL parameter
    assertEquals("null", db.get("SELECT typeof(?) AS ty", (Object[]) null).orElseThrow().getString("ty"));
  }

  @Test
  void valueTypesRoundTrip() {
    byte[] bytes = {0, 1, 2, (byte) 255};
    db.run("INSERT INTO t(id, name, n, r, b) VALUES (?, ?, ?, ?, ?)", 1, "x", Long.MAX_VALUE, 1.5, bytes);
    Row r = db.get("SELECT * FROM t").orElseThrow();
    assertEquals(Long.MAX_VALUE, r.get("n"));
    assertEquals(1.5, r.get("r"));
    assertArrayEquals(bytes, r.getBytes("b"));
    assertEquals(1L, r.get("id"), "integers come back as Long, never Integer");
    assertEquals(1.5, r.getDouble("r"));
    assertEquals("x", r.asMap().get("name"));
    assertEquals(List.of("id", "name", "n", "r", "b"), new ArrayList<>(r.asMap().keySet()));
    assertThrows(IllegalArgumentException.class, () -> r.get("nope"));
    // other numeric/char types
    assertEquals(7L, db.get("SELECT ? AS v", (short) 7).orElseThrow().get("v"));
    assertEquals(7L, db.get("SELECT ? AS v", (byte) 7).orElseThrow().get("v"));
    assertEquals(2.5, db.get("SELECT ? AS v", 2.5f).orElseThrow().get("v"));
    assertEquals("c", db.get("SELECT ? AS v", 'c').orElseThrow().get("v"));
    assertEquals("SECONDS", db.get("SELECT ? AS v", java.util.concurrent.TimeUnit.SECONDS).orElseThrow().get("v"));
    assertThrows(IllegalArgumentException.class, () -> db.get("SELECT ? AS v", new Object()));
    // BigInteger as an integer while it fits in 64 bits, else as exact decimal text; BigDecimal as a double
    assertEquals(Long.MAX_VALUE, db.get("SELECT ? AS v", java.math.BigInteger.valueOf(Long.MAX_VALUE)).orElseThrow().get("v"));
    assertEquals(Long.MIN_VALUE, db.get("SELECT ? AS v", java.math.BigInteger.valueOf(Long.MIN_VALUE)).orElseThrow().get("v"));
    java.math.BigInteger big = java.math.BigInteger.ONE.shiftLeft(63);
    assertEquals("9223372036854775808", db.get("SELECT ? AS v", big).orElseThrow().get("v"));
    assertEquals(1.25, db.get("SELECT ? AS v", new java.math.BigDecimal("1.25")).orElseThrow().get("v"));
  }

  @Test
  void wrongParameterCountIsIllegalArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> db.run("INSERT INTO t(id, name) VALUES (?, ?)", 1));
    assertTrue(e.getMessage().contains("2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> db.all("SELECT * FROM t", 1));
  }

  @Test
  void unicodeStringsRoundTrip() {
    String s = "héllo wörld — 日本語 — emoji 😀🎉 — \u0000inside? no: \u2028 \t\n \"quotes\" 'single'";
    String noNul = s.replace("\u0000", "");
    db.run("INSERT INTO t(id, name) VALUES (?, ?)", 1, noNul);
    assertEquals(noNul, db.get("SELECT name FROM t WHERE id = 1").orElseThrow().getString("name"));
    assertEquals(1L, db.get("SELECT count(*) AS c FROM t WHERE name = ?", noNul).orElseThrow().getLong("c"));
    assertEquals((long) noNul.codePointCount(0, noNul.length()),
        db.get("SELECT length(name) AS l FROM t").orElseThrow().getLong("l"));
    // unicode in SQL text and identifiers
    db.exec("CREATE TABLE \"täbelle 表\"(\"spälte\" TEXT)");
    db.run("INSERT INTO \"täbelle 表\" VALUES ('ü😀')");
    assertEquals("ü😀", db.get("SELECT \"spälte\" FROM \"täbelle 表\"").orElseThrow().getString("spälte"));
  }

  @Test
  void largeBlobsRoundTrip() {
    byte[] big = new byte[8 * 1024 * 1024];
    new Random(42).nextBytes(big);
    db.run("INSERT INTO t(id, b) VALUES (?, ?)", 1, big);
    Row r = db.get("SELECT b, length(b) AS len FROM t WHERE id = 1").orElseThrow();
    assertEquals((long) big.length, r.getLong("len"));
    assertArrayEquals(big, r.getBytes("b"));
    String bigText = "x".repeat(2_000_000) + "end";
    db.run("INSERT INTO t(id, name) VALUES (?, ?)", 2, bigText);
    assertEquals(bigText, db.get("SELECT name FROM t WHERE id = 2").orElseThrow().getString("name"));
  }

  @Test
  void execRunsSeveralStatements() {
    db.exec("CREATE TABLE a(x); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);\n"
        + "-- a comment\nCREATE TABLE b(y); INSERT INTO b SELECT x * 10 FROM a;");
    assertEquals(List.of(10L, 20L), db.all("SELECT y FROM b ORDER BY y").stream().map(r -> r.getLong("y")).toList());
  }

  @Test
  void execFailureStopsAtTheFailingStatement() {
    DBException e = assertThrows(DBException.class,
        () -> db.exec("CREATE TABLE a(x); INSERT INTO nope VALUES (1); CREATE TABLE c(z)"));
    assertNotEquals(0, e.sqliteCode(), e.getMessage());
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    assertEquals(1, db.all("SELECT name FROM sqlite_master WHERE name = 'a'").size());
    assertEquals(0, db.all("SELECT name FROM sqlite_master WHERE name = 'c'").size());
  }

  @Test
  void eachStreamsRowsOneAtATime() {
    int n = 100_000;
    AtomicLong sum = new AtomicLong();
    AtomicInteger count = new AtomicInteger();
    db.each("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?) SELECT i, 'row ' || i AS s FROM c",
        List.of(n), row -> {
          long i = row.getLong("i");
          assertEquals(count.get() + 1L, i, "rows arrive in order, one at a time");
          assertEquals("row " + i, row.getString("s"));
          count.incrementAndGet();
          sum.addAndGet(i);
        });
    assertEquals(n, count.get());
    assertEquals((long) n * (n + 1) / 2, sum.get());
  }

  @Test
  void eachCallsBackBeforeTheQueryEnds() {
    // an infinite result: only streaming can stop it
    RuntimeException stop = new RuntimeException("enough");
    AtomicInteger count = new AtomicInteger();
    RuntimeException thrown = assertThrows(RuntimeException.class, () ->
        db.each("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT i FROM c", null, row -> {
          if (count.incrementAndGet() == 1000) {
            throw stop;
          }
        }));
    assertSame(stop, thrown);
    assertEquals(1000, count.get(), "iteration stopped at the exception");
    // the connection and statement are usable again
    AtomicInteger again = new AtomicInteger();
    db.each("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3) SELECT i FROM c", List.of(),
        r -> again.incrementAndGet());
    assertEquals(3, again.get());
  }

  @Test
  void eachCallbackMayRunOtherQueries() {
    for (int i = 1; i <= 5; i++) {
      db.run("INSERT INTO t(id, name) VALUES (?, ?)", i, "n" + i);
    }
    List<String> seen = new ArrayList<>();
    db.each("SELECT id FROM t ORDER BY id", List.of(), row -> {
      // same SQL nested inside, and another query
      db.each("SELECT id FROM t ORDER BY id", List.of(), inner -> {});
      seen.add(db.get("SELECT name FROM t WHERE id = ?", row.getLong("id")).orElseThrow().getString("name"));
    });
    assertEquals(List.of("n1", "n2", "n3", "n4", "n5"), seen);
    List<Long> fromSql = new ArrayList<>();
    db.each(Sql.of("SELECT id FROM t WHERE id > ").param(3).sql(" ORDER BY id"), r -> fromSql.add(r.getLong("id")));
    assertEquals(List.of(4L, 5L), fromSql);
  }

  @Test
  void readsInsideEachSeeTheCallbacksOwnWrites() {
    db.exec("INSERT INTO t(id, n) VALUES (1, 0), (2, 0), (3, 0)");
    List<Long> seen = new ArrayList<>();
    db.each("SELECT id FROM t ORDER BY id", List.of(), r -> {
      long id = r.getLong("id");
      db.run("UPDATE t SET n = n + 10 WHERE id = ?", id);
      seen.add(db.get("SELECT n FROM t WHERE id = ?", id).orElseThrow().getLong("n"));
      db.withTransaction(() -> db.run("UPDATE t SET n = n + 1 WHERE id = ?", id));
      seen.add(db.get("SELECT n FROM t WHERE id = ?", id).orElseThrow().getLong("n"));
    });
    assertEquals(List.of(10L, 11L, 10L, 11L, 10L, 11L), seen);
  }

  @Test
  void writesWithReturningAndCte() {
    Row r = db.get("INSERT INTO t(name) VALUES (?) RETURNING id, name", "ret").orElseThrow();
    assertEquals("ret", r.getString("name"));
    List<Row> rows = db.all("UPDATE t SET n = 3 RETURNING id");
    assertEquals(1, rows.size());
    // a CTE that writes is routed to the writer
    db.run("WITH v(x) AS (VALUES ('cte')) INSERT INTO t(name) SELECT x FROM v");
    assertEquals(1L, db.get("SELECT count(*) AS c FROM t WHERE name = 'cte'").orElseThrow().getLong("c"));
  }

  @Test
  void readsSeeOwnCommittedWritesImmediately() {
    for (int i = 0; i < 200; i++) {
      db.run("INSERT INTO t(id, n) VALUES (?, ?)", i, i);
      assertEquals((long) i + 1, db.get("SELECT count(*) AS c FROM t").orElseThrow().getLong("c"));
    }
  }

  @Test
  void rowHelpers() {
    Row r = Row.of(new String[] {"a", "B"}, new Object[] {"12", 3.0});
    assertEquals(12L, r.getLong("a"));
    assertEquals(3L, r.getLong("b"), "case-insensitive fallback");
    assertEquals("3.0", r.getString("B"));
    assertTrue(r.has("a"));
    assertFalse(r.has("c"));
    assertThrows(IllegalArgumentException.class, () -> r.getBytes("B"));
    assertThrows(IllegalArgumentException.class, () -> Row.of(new String[] {"a"}, new Object[0]));
    assertEquals(r, Row.of(new String[] {"a", "B"}, new Object[] {"12", 3.0}));
    assertTrue(Arrays.asList(r.toString().split(",")).size() >= 2);
  }
}
