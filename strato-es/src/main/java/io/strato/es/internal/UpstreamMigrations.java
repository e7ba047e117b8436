package io.strato.es.internal;

import io.strato.db.DB;
import io.strato.db.Migration;
import io.strato.db.Row;
import java.util.Map;

/**
 * The state database's own migration from strato-db for JavaScript, under its run key
 * {@code userVersion ESDB}: files from upstream's version 2 kept the event version in a
 * {@code metadata} table (row {@code id = 'version'}); version 3 moved it into
 * {@code PRAGMA user_version}. Registering it here lets such files open, and gives new files
 * the same key upstream records, so upstream finds nothing to do.
 */
public final class UpstreamMigrations {
  private UpstreamMigrations() {}

  /**
   * The migrations to register under group {@code ESDB}.
   *
   * @return name → migration
   */
  public static Map<String, Migration> esdb() {
    return Map.of("userVersion", UpstreamMigrations::userVersion);
  }

  private static void userVersion(DB db) {
    if (db.userVersion() != 0
        || db.get("SELECT 1 AS e FROM sqlite_master WHERE type = 'table' AND name = 'metadata'").isEmpty()) {
      return;
    }
    Long v = db.get("SELECT CAST(json_extract(json, '$.v') AS INTEGER) AS v FROM metadata WHERE id = 'version'")
        .map(r -> r.getLong("v")).orElse(null);
    if (v == null || v == 0) {
      return;
    }
    db.userVersion(Math.toIntExact(v));
    long rows = db.get("SELECT count(*) AS n FROM metadata").map(Row::asMap).map(m -> ((Number) m.get("n")).longValue())
        .orElse(0L);
    if (rows == 1) {
      // only the version lived there: the table and its migration record go, as upstream does
      db.exec("DROP TABLE metadata");
      db.run("DELETE FROM \"{sdb} migrations\" WHERE runKey = '0 metadata'");
    } else {
      db.run("DELETE FROM metadata WHERE id = 'version'");
    }
  }
}
