package io.strato.db.internal;

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
 *
 * <p>The registry knows nothing of the {@code DB} class: it stores migrations of any type and
 * runs them, and reads and writes its table, through a {@link MigrationHost}.
 *
 * @param <M> the migration type
 */
public final class MigrationRegistry<M> {
  /** The table recording which migrations ran. */
  public static final String TABLE = "{sdb} migrations";
  private static final Logger LOG = LoggerFactory.getLogger(MigrationRegistry.class);

  private record Entry<M>(String group, String name, M migration) {}

  private final Map<String, Entry<M>> byRunKey = new TreeMap<>();
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
  public synchronized void register(String dbName, String group, Map<String, ? extends M> migrations) {
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
    Map<String, Entry<M>> add = new TreeMap<>();
    for (Map.Entry<String, ? extends M> e : migrations.entrySet()) {
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
      add.put(key, new Entry<>(group, name, e.getValue()));
    }
    byRunKey.putAll(add);
  }

  /**
   * Runs every migration not yet recorded, in run-key order. Call inside a transaction.
   *
   * @param db the database being migrated
   * @throws Exception the first migration failure
   */
  public synchronized void runPending(MigrationHost<M> db) throws Exception {
    prepareTable(db);
    Set<String> done = new HashSet<>();
    // As upstream: a key counts as done when its latest row has up = 1 (SQLite takes the bare
    // column from the row holding max(ts)).
    db.all("SELECT runKey, max(ts) AS ts, up FROM " + Sql.quoteId(TABLE) + " GROUP BY runKey HAVING up = 1")
        .forEach(r -> done.add(r.getString("runKey")));
    int ran = 0;
    for (Map.Entry<String, Entry<M>> e : byRunKey.entrySet()) {
      if (done.contains(e.getKey())) {
        continue;
      }
      Entry<M> m = e.getValue();
      // One line per migration only at DEBUG: a new file runs one per table and column.
      LOG.debug("DB '{}': running migration '{}' of group '{}'", db.name(), m.name(), m.group());
      ran++;
      try {
        db.up(m.migration());
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
  private static void prepareTable(MigrationHost<?> db) {
    if (!db.all("SELECT 1 AS e FROM sqlite_master WHERE name = ?", TABLE).isEmpty()) {
      return;
    }
    if (!db.all("SELECT 1 AS e FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").isEmpty()) {
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
