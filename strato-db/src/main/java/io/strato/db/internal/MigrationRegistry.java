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
    db.exec("CREATE TABLE IF NOT EXISTS " + Sql.quoteId(TABLE) + " (runKey TEXT PRIMARY KEY, ts DATETIME, up BOOLEAN)");
    Set<String> done = new HashSet<>();
    db.all("SELECT runKey FROM " + Sql.quoteId(TABLE)).forEach(r -> done.add(r.getString("runKey")));
    for (Map.Entry<String, Entry> e : byRunKey.entrySet()) {
      if (done.contains(e.getKey())) {
        continue;
      }
      Entry m = e.getValue();
      LOG.info("DB '{}': running migration '{}' of group '{}'", db.name(), m.name(), m.group());
      try {
        m.migration().up(db);
      } catch (Exception ex) {
        throw new StratoException("DB '" + db.name() + "': migration '" + m.name() + "' of group '" + m.group()
            + "' failed: " + ex.getMessage(), ex);
      }
      db.run("INSERT INTO " + Sql.quoteId(TABLE) + " (runKey, ts, up) VALUES (?, datetime('now'), 1)", e.getKey());
    }
  }

  /** Marks the migrations as done, so later registrations fail. */
  public synchronized void markRan() {
    ran = true;
  }
}
