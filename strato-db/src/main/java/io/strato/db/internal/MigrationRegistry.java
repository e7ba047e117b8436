package io.strato.db.internal;

import io.strato.db.DB;
import io.strato.db.Migration;
import io.strato.db.Sql;
import io.strato.db.StratoException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migrations registered on a DB, keyed by run key {@code "<name> <group>"} so they run in
 * string order across groups; done keys are recorded in {@code "{sdb} migrations"}.
 */
public final class MigrationRegistry {
  /** The table recording which migrations ran. */
  public static final String TABLE = "{sdb} migrations";
  private static final Logger LOG = LoggerFactory.getLogger(MigrationRegistry.class);

  private record Entry(String group, String name, Migration migration) {}

  private final Map<String, Entry> byRunKey = new TreeMap<>();
  private boolean ran;

  /**
   * Registers a group of migrations.
   *
   * @param dbName the DB name for messages
   * @param group the group (usually a model name)
   * @param migrations name to migration
   * @throws IllegalArgumentException for null/empty names or a duplicate run key
   * @throws StratoException when the migrations already ran
   */
  public synchronized void register(String dbName, String group, Map<String, Migration> migrations) {
    if (group == null || group.isEmpty()) {
      throw new IllegalArgumentException("DB '" + dbName + "': migration group must be a non-empty string");
    }
    if (migrations == null) {
      throw new IllegalArgumentException("DB '" + dbName + "': migrations of group '" + group + "' must not be null");
    }
    if (ran) {
      throw new StratoException("DB '" + dbName + "': cannot register migrations for group '" + group
          + "' after the DB was opened; register them before the first query");
    }
    Map<String, Entry> add = new TreeMap<>();
    for (Map.Entry<String, Migration> e : migrations.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("DB '" + dbName + "': migration names in group '" + group + "' must be non-empty");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("DB '" + dbName + "': migration '" + name + "' of group '" + group + "' is null");
      }
      String key = name + " " + group;
      if (byRunKey.containsKey(key)) {
        throw new IllegalArgumentException("DB '" + dbName + "': migration '" + name + "' of group '" + group + "' is already registered");
      }
      add.put(key, new Entry(group, name, e.getValue()));
    }
    byRunKey.putAll(add);
  }

  /**
   * Whether the migrations ran (successfully) once.
   *
   * @return true after the first successful open
   */
  public synchronized boolean ran() {
    return ran;
  }

  /**
   * Runs every migration not yet recorded, in run-key order. Call inside a transaction.
   *
   * @param db the database
   * @throws Exception the first migration failure
   */
  public synchronized void runPending(DB db) throws Exception {
    prepareTable(db);
    Set<String> done = new HashSet<>();
    // As upstream: a key counts as done when its latest row has up = 1 (SQLite takes the bare
    // column from the row holding max(ts)).
    db.all("SELECT runKey, max(ts) AS ts, up FROM " + Sql.quoteId(TABLE) + " GROUP BY runKey HAVING up = 1")
        .forEach(r -> done.add(r.getString("runKey")));
    int ran = 0;
    for (Map.Entry<String, Entry> e : byRunKey.entrySet()) {
      if (done.contains(e.getKey())) {
        continue;
      }
      Entry m = e.getValue();
      // One line per migration only at DEBUG: a new file runs one per table and column.
      LOG.debug("DB '{}': running migration '{}' of group '{}'", db.name(), m.name(), m.group());
      ran++;
      try {
        m.migration().up(db);
      } catch (Exception ex) {
        throw new StratoException("DB '" + db.name() + "': migration '" + m.name() + "' of group '" + m.group()
            + "' failed: " + ex.getMessage(), ex);
      }
      // integer unix seconds, as upstream records them; OR REPLACE only matters for the keyed
      // table of files written by earlier versions of this library (a re-run key)
      db.run("INSERT OR REPLACE INTO " + Sql.quoteId(TABLE) + " (runKey, ts, up) VALUES (?, ?, 1)", e.getKey(),
          Math.round(System.currentTimeMillis() / 1000.0));
    }
    if (ran > 0) {
      LOG.info("DB '{}': ran {} migration(s)", db.name(), ran);
    }
  }

  /**
   * Creates the table with upstream's layout (no key on runKey: upstream appends a row per
   * run), or renames upstream's pre-3.0 {@code _migrations} table. Files written by earlier
   * versions of this library (runKey as primary key, text timestamps) are read as they are.
   */
  private static void prepareTable(DB db) {
    if (db.get("SELECT 1 AS e FROM sqlite_master WHERE name = ?", TABLE).isPresent()) {
      return;
    }
    if (db.get("SELECT 1 AS e FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").isPresent()) {
      db.exec("ALTER TABLE _migrations RENAME TO " + Sql.quoteId(TABLE));
    } else {
      db.exec("CREATE TABLE " + Sql.quoteId(TABLE) + " (runKey TEXT, ts DATETIME, up BOOLEAN)");
    }
  }

  /** Marks the migrations as done, so later registrations fail. */
  public synchronized void markRan() {
    ran = true;
  }
}
