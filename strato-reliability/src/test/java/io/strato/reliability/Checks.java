package io.strato.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.strato.db.DB;
import io.strato.db.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Assertions over a database file: table checksums and the transfer workload's invariants. */
final class Checks {
  private Checks() {}

  /** Every user table's name and every row of it (all columns, by rowid), in name order; raw values. */
  static Map<String, List<Map<String, Object>>> dump(DB db, String... exclude) {
    return dump(db, false, exclude);
  }

  /**
   * Like {@link #dump(DB, String...)}; with {@code semanticJson}, text values holding a JSON
   * object or array are parsed so that key order does not matter.
   */
  static Map<String, List<Map<String, Object>>> dump(DB db, boolean semanticJson, String... exclude) {
    Set<String> ex = Set.of(exclude);
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (Row t : db.all("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      String name = t.getString("name");
      if (ex.contains(name) || name.startsWith("sqlite_stat")) { // statistics written by PRAGMA optimize
        continue;
      }
      boolean withoutRowid = String.valueOf(t.getString("sql")).toUpperCase().contains("WITHOUT ROWID");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Row r : db.all("SELECT * FROM " + io.strato.db.Sql.quoteId(name) + (withoutRowid ? "" : " ORDER BY rowid"))) {
        Map<String, Object> m = new LinkedHashMap<>(r.asMap());
        m.replaceAll((k, v) -> v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b)
            : semanticJson && v instanceof String str ? json(str) : v);
        rows.add(m);
      }
      out.put(name, rows);
    }
    return out;
  }

  static Object json(String s) {
    if (s.startsWith("{") || s.startsWith("[")) {
      try {
        return Bank.M.readTree(s);
      } catch (java.io.IOException e) {
        return s;
      }
    }
    return s;
  }

  /** Asserts two dumps are equal, naming the first differing table and row (not the whole dump). */
  static void assertSameTables(Map<String, List<Map<String, Object>>> expected,
      Map<String, List<Map<String, Object>>> actual, String what) {
    assertEquals(expected.keySet(), actual.keySet(), what + ": tables");
    for (String t : expected.keySet()) {
      List<Map<String, Object>> e = expected.get(t);
      List<Map<String, Object>> a = actual.get(t);
      for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
        assertEquals(e.get(i), a.get(i), what + ": table " + t + ", row " + (i + 1));
      }
      assertEquals(e.size(), a.size(), what + ": row count of table " + t);
    }
  }

  /** SHA-256 over {@link #dump}, the schema and user_version: equal means nothing was written. */
  static String checksum(DB db) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(String.valueOf(db.userVersion()).getBytes(StandardCharsets.UTF_8));
      for (Row r : db.all("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name")) {
        md.update(String.valueOf(r.asMap()).getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, List<Map<String, Object>>> e : dump(db).entrySet()) {
        md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        for (Map<String, Object> row : e.getValue()) {
          md.update(String.valueOf(row).getBytes(StandardCharsets.UTF_8));
        }
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What {@link #bankInvariants} found. */
  record Stats(long version, long events, long applied, long noops, long unprocessed) {}

  /**
   * Checks the transfer workload in a database file: versions gapless; every event up to the
   * state version has a result and no error, later ones have none; the number of processed
   * events equals the version; each applied transfer has exactly one ledger row and records its
   * own v; each balance equals its initial amount plus the ledger's movements; the total is
   * constant and no balance is negative.
   */
  static Stats bankInvariants(DB db, String when) {
    // one snapshot: the reads below must not straddle a commit
    return db.withTransaction(() -> bankInvariantsNoTx(db, when));
  }

  private static Stats bankInvariantsNoTx(DB db, String when) {
    long version = db.userVersion();
    List<Row> events = db.all("SELECT v, type, result IS NOT NULL AS hasResult, json_extract(json, '$.error') AS err,"
        + " json_extract(result, '$.accounts.appliedV') AS appliedV, json_extract(result, '$.accounts.noopV') AS noopV,"
        + " json_extract(result, '$.ledger.ins[0].id') AS ledgerId FROM history ORDER BY v");
    long processed = 0;
    long applied = 0;
    long noops = 0;
    long unprocessed = 0;
    Set<String> appliedIds = new HashSet<>();
    long expectV = 1;
    for (Row r : events) {
      long v = r.getLong("v");
      assertEquals(expectV++, v, when + ": versions in history must be gapless");
      assertNull(r.get("err"), when + ": event " + v + " has an error");
      boolean has = r.getLong("hasResult") == 1;
      if (v <= version) {
        assertTrue(has, when + ": event " + v + " <= version " + version + " has no result");
        processed++;
        Long av = r.getLong("appliedV");
        Long nv = r.getLong("noopV");
        assertTrue(av != null ^ nv != null, when + ": event " + v + " must be exactly one of applied/no-op");
        assertEquals(v, av != null ? av : nv, when + ": event " + v + "'s result was computed for another version");
        if ("transfer".equals(r.getString("type"))) {
          if (av != null) {
            applied++;
            assertEquals("t" + v, r.getString("ledgerId"), when + ": ledger result of event " + v);
            appliedIds.add("t" + v);
          } else {
            noops++;
            assertNull(r.get("ledgerId"), when + ": no-op event " + v + " has a ledger result");
          }
        }
      } else {
        assertTrue(!has, when + ": event " + v + " > version " + version + " already has a result");
        unprocessed++;
      }
    }
    assertTrue(version <= events.size(), when + ": version " + version + " ahead of the history (" + events.size() + ")");
    assertEquals(version, processed, when + ": state version vs processed events");

    // ledger: exactly the applied transfers, each once
    List<Row> ledger = db.all("SELECT id, v, json_extract(json, '$.from') AS f, json_extract(json, '$.to') AS t,"
        + " json_extract(json, '$.amount') AS a FROM ledger");
    Set<String> ledgerIds = new HashSet<>();
    Map<String, Long> expected = new HashMap<>();
    for (Row r : ledger) {
      String id = r.getString("id");
      assertTrue(ledgerIds.add(id), when + ": ledger row " + id + " twice");
      assertEquals("t" + r.getLong("v"), id, when);
      long a = r.getLong("a");
      expected.merge(r.getString("f"), -a, Long::sum);
      expected.merge(r.getString("t"), a, Long::sum);
    }
    assertEquals(appliedIds, ledgerIds, when + ": ledger rows vs applied transfer events");
    assertEquals(applied, ledger.size(), when + ": applied transfers vs ledger rows");

    // balances
    List<Row> accounts = db.all("SELECT id, balance FROM accounts ORDER BY id");
    if (version == 0) {
      assertTrue(accounts.isEmpty(), when + ": accounts before init");
      assertTrue(ledger.isEmpty(), when + ": ledger before init");
    } else {
      assertEquals(Bank.ACCOUNTS, accounts.size(), when + ": accounts after init");
      long total = 0;
      for (Row r : accounts) {
        long b = r.getLong("balance");
        assertTrue(b >= 0, when + ": negative balance " + r.asMap());
        assertEquals(Bank.INITIAL + expected.getOrDefault(r.getString("id"), 0L), b,
            when + ": balance of " + r.getString("id") + " vs the ledger");
        total += b;
      }
      assertEquals(Bank.TOTAL, total, when + ": total balance invariant");
    }
    return new Stats(version, events.size(), applied, noops, unprocessed);
  }

  static void assertNoNpe(Throwable t, String when) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NullPointerException || c instanceof StackOverflowError) {
        fail(when + ": " + c.getClass().getSimpleName() + " in the chain", t);
      }
    }
    assertNotNull(t.getMessage(), when + ": exception without message");
  }
}
