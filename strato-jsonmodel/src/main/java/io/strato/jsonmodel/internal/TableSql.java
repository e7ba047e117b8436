package io.strato.jsonmodel.internal;

import io.strato.db.DB;
import io.strato.db.Migration;
import io.strato.db.Sql;
import io.strato.jsonmodel.ColumnType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of a model's table: the migrations that create and evolve it (one per column and per
 * index, so adding a column to a model adds it to existing databases), and the fixed
 * statements of the hot paths (cached as prepared statements by the DB). Immutable.
 */
public final class TableSql {
  /** Migration keys of the model's own table start with this; user migrations may not. */
  public static final String KEY_PREFIX = "0";

  private final String model;
  private final String table;
  private final ResolvedColumn id;
  private final boolean rowIdTable;
  private final List<ResolvedColumn> real;
  private final String columnList;
  private final String insert;
  private final String upsert;

  /**
   * Creates the SQL for a model.
   *
   * @param model the model (table) name
   * @param id the id column
   * @param keepRowId whether a TEXT id gets an integer rowId key
   * @param real the real columns in insert order
   */
  public TableSql(String model, ResolvedColumn id, boolean keepRowId, List<ResolvedColumn> real) {
    this.model = model;
    this.table = Sql.quoteId(model);
    this.id = id;
    this.rowIdTable = keepRowId && id.type() != ColumnType.INTEGER;
    this.real = real;
    StringBuilder cols = new StringBuilder();
    StringBuilder qs = new StringBuilder();
    StringBuilder set = new StringBuilder();
    for (ResolvedColumn c : real) {
      String q = Sql.quoteId(c.name());
      cols.append(cols.length() == 0 ? "" : ", ").append(q);
      qs.append(qs.length() == 0 ? "?" : ", ?");
      if (c != id) {
        set.append(set.length() == 0 ? "" : ", ").append(q).append(" = excluded.").append(q);
      }
    }
    this.columnList = cols.toString();
    this.insert = "INSERT INTO " + table + " (" + cols + ") VALUES (" + qs + ")";
    this.upsert = insert + " ON CONFLICT(" + Sql.quoteId(id.name()) + ") DO UPDATE SET " + set;
  }

  /**
   * The table's migrations, under the run keys strato-db for JavaScript uses for the same steps
   * (so either library opening a file written by the other runs none of them again):
   * {@code 0} creates the table, {@code 0_<name>} adds a real column (and its index),
   * {@code 1_<name>} belongs to each virtual column (creating its index; a no-op that is still
   * recorded when it has none). Every step is idempotent (a column is only added when missing,
   * indexes use {@code IF NOT EXISTS}), so files written with this library's earlier keys
   * ({@code 0_col_<name>}, {@code 0_idx_<name>}) take the new keys over on their next open
   * without changing anything. A full-text column adds {@code 0_<name>~fts} (see
   * {@link FullTextSql#migrationKey}).
   *
   * @param columns all columns
   * @return migration key → migration, in run order
   */
  public Map<String, Migration> migrations(Map<String, ResolvedColumn> columns) {
    Map<String, Migration> m = new LinkedHashMap<>();
    m.put(KEY_PREFIX, db -> db.exec(createTable()));
    for (ResolvedColumn c : columns.values()) {
      if (c == id || c.path().isEmpty()) {
        continue;
      }
      m.put(columnKey(c), db -> {
        if (c.real()) {
          addColumn(db, c);
        }
        if (c.indexed()) {
          db.exec(createIndex(c));
        }
      });
      if (c.isFullText()) {
        m.put(FullTextSql.migrationKey(c), FullTextSql.migration(model, c));
      }
    }
    return m;
  }

  /**
   * The run key (without the group) of a column's migration: {@code 0_<name>} for a real
   * column, {@code 1_<name>} for a virtual one, as upstream.
   *
   * @param c the column
   * @return the key
   */
  public static String columnKey(ResolvedColumn c) {
    return (c.real() ? "0_" : "1_") + c.name();
  }

  /**
   * Creates indexes that are missing although their column's migration ran: a column whose
   * {@code index} option was added after the column (upstream never creates those; this
   * library did, under a separate key, before it took over upstream's keys). Reads
   * {@code sqlite_master} once and writes only when an index is missing.
   *
   * @param db the writable database, after migrations
   * @param columns all columns
   */
  public void ensureIndexes(DB db, Map<String, ResolvedColumn> columns) {
    java.util.Set<String> have = new java.util.HashSet<>();
    db.all("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", model)
        .forEach(r -> have.add(r.getString("name")));
    StringBuilder missing = new StringBuilder();
    for (ResolvedColumn c : columns.values()) {
      if (c.indexed() && c != id && !have.contains(model + "_" + c.name())) {
        missing.append(createIndex(c)).append(';');
      }
    }
    if (missing.length() > 0) {
      db.withTransaction(() -> db.exec(missing.toString()));
    }
  }

  private String createTable() {
    String idQ = Sql.quoteId(id.name());
    if (id.type() == ColumnType.INTEGER) {
      return "CREATE TABLE " + table + " (" + idQ + " INTEGER PRIMARY KEY" + (id.autoIncrement() ? " AUTOINCREMENT" : "")
          + ", \"json\" JSON)";
    }
    if (rowIdTable) {
      // An explicit INTEGER PRIMARY KEY keeps rowids stable across VACUUM.
      return "CREATE TABLE " + table + " (\"rowId\" INTEGER PRIMARY KEY, " + idQ + " TEXT NOT NULL, \"json\" JSON);"
          + "CREATE UNIQUE INDEX " + Sql.quoteId(model + "_" + id.name()) + " ON " + table + "(" + idQ + ")";
    }
    return "CREATE TABLE " + table + " (" + idQ + " TEXT PRIMARY KEY NOT NULL, \"json\" JSON) WITHOUT ROWID";
  }

  private void addColumn(DB db, ResolvedColumn c) {
    boolean exists = db.all("SELECT name FROM pragma_table_info(?)", model).stream().anyMatch(r -> c.name().equals(r.getString("name")));
    if (!exists) {
      db.exec("ALTER TABLE " + table + " ADD COLUMN " + Sql.quoteId(c.name()) + " " + c.type().name());
      backfill(db, c);
    }
  }

  /**
   * Fills a column just added to an existing table from the rows' json, so searches and sorts
   * on it see the old rows too; a get(true) column's value is then removed from the json, as a
   * write would do. Columns computed in Java ({@code value}, {@code slugValue},
   * {@code stringify}) cannot be filled here: they stay NULL until the row is written again
   * (reads still find the value in the json).
   */
  private void backfill(DB db, ResolvedColumn c) {
    if (c.value() != null || c.stringify() != null) {
      return;
    }
    String path = Values.sqlLiteral(JsonPaths.sqlPath(c.parts()));
    String extract = c.type() == ColumnType.JSON ? "(\"json\" -> " + path + ")" : "json_extract(\"json\", " + path + ")";
    if (c.falsyBool()) {
      extract = "CASE WHEN json_type(\"json\", " + path + ") = 'true' OR (json_type(\"json\", " + path
          + ") IN ('integer', 'real') AND json_extract(\"json\", " + path + ") != 0) OR (json_type(\"json\", " + path
          + ") = 'text' AND json_extract(\"json\", " + path + ") != '') THEN 1 END";
    }
    if (c.defaultValue() != null) {
      extract = "COALESCE(" + extract + ", " + Values.sqlLiteral(c.defaultValue()) + ")";
    }
    String sql = "UPDATE " + table + " SET " + Sql.quoteId(c.name()) + " = " + extract
        + (c.get() ? ", \"json\" = json_remove(\"json\", " + path + ")" : "")
        + (c.defaultValue() != null ? "" : " WHERE json_type(\"json\", " + path + ") IS NOT NULL");
    db.run(sql);
  }

  private String createIndex(ResolvedColumn c) {
    String expr = c.sqlFor(null); // index expressions may not qualify columns
    String name = Sql.quoteId(model + "_" + c.name());
    return "CREATE " + (c.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + name + " ON " + table + "(" + expr + ")"
        + (c.ignoreNull() ? " WHERE " + expr + " IS NOT NULL" : "");
  }

  /**
   * The expression that breaks ties in paged sorts: the integer rowId when there is one (it
   * is part of every index entry, so sorting by it needs no extra work), else the id.
   *
   * @return a table-qualified expression
   */
  public String tiebreakSql() {
    return rowIdTable ? table + ".\"rowId\"" : id.sql();
  }

  /**
   * {@code INSERT} of all real columns (fails when the id exists).
   *
   * @return the SQL
   */
  public String insert() {
    return insert;
  }

  /**
   * {@code INSERT … ON CONFLICT(id) DO UPDATE}: replaces an existing row in place (its rowId
   * stays; other unique indexes are still enforced).
   *
   * @return the SQL
   */
  public String upsert() {
    return upsert;
  }

  /**
   * The real columns in insert order.
   *
   * @return the columns
   */
  public List<ResolvedColumn> realColumns() {
    return real;
  }

  /**
   * The comma-separated quoted real column names.
   *
   * @return the list
   */
  public String columnList() {
    return columnList;
  }

  /**
   * {@code DELETE} by id.
   *
   * @return the SQL
   */
  public String deleteById() {
    return "DELETE FROM " + table + " WHERE " + id.sql() + " = ?";
  }

  /**
   * Renames an id.
   *
   * @return the SQL
   */
  public String changeId() {
    return "UPDATE " + table + " SET " + Sql.quoteId(id.name()) + " = ? WHERE " + id.sql() + " = ?";
  }

  /**
   * Whether the table has an integer rowId key.
   *
   * @return true for a TEXT id with keepRowId
   */
  public boolean rowIdTable() {
    return rowIdTable;
  }
}
