package io.strato.db.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-connection statement cache: one statement per SQL text, reused after release, never
 * handed out twice at once, evicted least-recently-used past 256, and nothing left open after
 * {@link Conn#close()} (a leaked statement keeps SQLite from closing the file cleanly).
 */
class ConnTest {
  private Conn conn;

  @BeforeEach
  void open() throws SQLException {
    conn = new Conn(DriverManager.getConnection("jdbc:sqlite::memory:"));
  }

  @AfterEach
  void close() {
    conn.close();
  }

  @Test
  void aReleasedStatementIsReusedForTheSameSql() throws SQLException {
    Conn.CachedStatement a = conn.acquire("SELECT 1");
    conn.release(a);
    Conn.CachedStatement b = conn.acquire("SELECT 1");
    assertSame(a, b);
    assertFalse(b.statement().isClosed());
    assertNotSame(b, conn.acquire("SELECT 2"), "another text, another statement");
  }

  @Test
  void aStatementInUseIsNotHandedOutTwice() throws SQLException {
    Conn.CachedStatement outer = conn.acquire("SELECT 1");
    Conn.CachedStatement nested = conn.acquire("SELECT 1");
    assertNotSame(outer.statement(), nested.statement());
    conn.release(nested);
    assertTrue(nested.statement().isClosed(), "the throw-away statement is finalised at once");
    assertFalse(outer.statement().isClosed());
    conn.release(outer);
    assertFalse(outer.statement().isClosed(), "the cached one stays for the next use");
    assertSame(outer, conn.acquire("SELECT 1"));
  }

  @Test
  void releaseClearsTheBoundParameters() throws SQLException {
    Conn.CachedStatement cs = conn.acquire("SELECT ?");
    cs.statement().setInt(1, 42);
    conn.release(cs);
    Conn.CachedStatement again = conn.acquire("SELECT ?");
    try (ResultSet rs = again.statement().executeQuery()) {
      assertTrue(rs.next());
      assertNull(rs.getObject(1), "no value left over from the last use");
    }
  }

  @Test
  void theLeastRecentlyUsedStatementIsFinalisedPast256() throws SQLException {
    Conn.CachedStatement first = conn.acquire("SELECT 0");
    conn.release(first);
    Conn.CachedStatement busy = conn.acquire("SELECT -1");
    for (int i = 1; i <= 254; i++) {
      conn.release(conn.acquire("SELECT " + i));
    }
    assertFalse(first.statement().isClosed(), "256 statements fit");
    conn.release(conn.acquire("SELECT 255"));
    assertTrue(first.statement().isClosed(), "the 257th evicts the least recently used");
    for (int i = 257; i <= 600; i++) {
      conn.release(conn.acquire("SELECT " + i));
    }
    assertFalse(busy.statement().isClosed(), "a statement in use is not closed under its user");
    conn.release(busy);
    assertTrue(busy.statement().isClosed(), "an evicted statement is closed when released");
    assertNotSame(busy, conn.acquire("SELECT -1"));
  }

  @Test
  void aStatementThatCannotBeResetIsDroppedFromTheCache() throws SQLException {
    Conn.CachedStatement cs = conn.acquire("SELECT 1");
    cs.statement().close();
    conn.release(cs);
    Conn.CachedStatement fresh = conn.acquire("SELECT 1");
    assertNotSame(cs, fresh);
    assertFalse(fresh.statement().isClosed());
  }

  @Test
  void closeFinalisesEveryStatementAndTheConnection() throws SQLException {
    Conn.CachedStatement a = conn.acquire("SELECT 1");
    Conn.CachedStatement b = conn.acquire("SELECT 2");
    conn.release(b);
    conn.close();
    assertTrue(a.statement().isClosed());
    assertTrue(b.statement().isClosed());
    assertTrue(conn.jdbc().isClosed());
  }
}
