package io.strato.jsonmodel.internal;

import io.strato.db.DB;
import io.strato.db.DBException;
import io.strato.db.Migration;
import io.strato.db.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SQL of full-text columns (SPEC §13): the FTS5 table, its content view and sync
 * triggers, and the pieces a search uses (join, MATCH, bm25, snippet). Stateless.
 *
 * <p>Layout for column {@code body} of model {@code docs}: a view {@code docs_body_fts_content}
 * ({@code _rid} = the table's rowid, {@code body} = the column's value) is the external content
 * of the FTS5 table {@code docs_body_fts}. A view, not the table itself, because a virtual
 * column has no table column FTS5 could read; FTS5 reads it only for {@code snippet} and
 * {@code rebuild}. Triggers {@code docs_body_fts_ai/_ad/_au} keep the index in step with every
 * write, whichever path it takes (set, update, changeId, raw SQL, the event-sourcing module).
 */
public final class FullTextSql {
  private FullTextSql() {}

  /**
   * The FTS5 table of a column.
   *
   * @param model the model name
   * @param column the column name
   * @return the unquoted table name
   */
  public static String ftsTable(String model, String column) {
    return model + "_" + column + "_fts";
  }

  /**
   * The migration key of a column's FTS5 table: {@code 0_<column>~fts}. It sorts right after
   * the real column's own {@code 0_<column>} (a prefix sorts first), so the column exists
   * when the index is built; keys starting with {@code 0} are reserved for the table, so no
   * user migration can clash.
   *
   * @param c the column
   * @return the key
   */
  public static String migrationKey(ResolvedColumn c) {
    return "0_" + c.name() + "~fts";
  }

  /**
   * The search condition of a column.
   *
   * @param model the model name
   * @param column the column name
   * @return {@code "<fts>" MATCH ?}
   */
  public static String matchCondition(String model, String column) {
    String fts = Sql.quoteId(ftsTable(model, column));
    return fts + " MATCH ?";
  }

  /**
   * The join a search on the column needs, by rowid (one index seek per match).
   *
   * @param model the model name
   * @param column the column name
   * @return {@code JOIN "<fts>" ON "<fts>".rowid = "<model>".rowid}
   */
  public static String join(String model, String column) {
    String fts = Sql.quoteId(ftsTable(model, column));
    return " JOIN " + fts + " ON " + fts + ".rowid = " + Sql.quoteId(model) + ".rowid";
  }

  /**
   * The relevance of a match: FTS5's {@code bm25}, lower is more relevant (as FTS5's
   * {@code rank}).
   *
   * @param model the model name
   * @param column the column name
   * @return the expression
   */
  public static String bm25(String model, String column) {
    return "bm25(" + Sql.quoteId(ftsTable(model, column)) + ")";
  }

  /**
   * A highlighted snippet of a match; the markers and token count are bound as parameters.
   *
   * @param model the model name
   * @param column the column name
   * @return {@code snippet("<fts>", 0, ?, ?, ?, ?)}
   */
  public static String snippet(String model, String column) {
    return "snippet(" + Sql.quoteId(ftsTable(model, column)) + ", 0, ?, ?, ?, ?)";
  }

  /**
   * The migration creating a column's FTS5 table, content view and triggers, and indexing
   * the rows already in the table. Idempotent ({@code IF NOT EXISTS}; a rebuild of an index
   * that is complete changes nothing).
   *
   * @param model the model name
   * @param c the full-text column
   * @return the migration
   */
  public static Migration migration(String model, ResolvedColumn c) {
    return db -> db.exec(ddl(model, c));
  }

  static String ddl(String model, ResolvedColumn c) {
    String table = Sql.quoteId(model);
    String ftsName = ftsTable(model, c.name());
    String fts = Sql.quoteId(ftsName);
    String view = Sql.quoteId(ftsName + "_content");
    String col = Sql.quoteId(c.name());
    // In a trigger the row is new./old. instead of the table.
    String newV = c.sqlFor("new");
    String oldV = c.sqlFor("old");
    String insert = "INSERT INTO " + fts + "(rowid, " + col + ") VALUES (new.rowid, " + newV + ");";
    // External content: a delete must hand FTS5 exactly the values it indexed.
    String delete = "INSERT INTO " + fts + "(" + fts + ", rowid, " + col + ") VALUES ('delete', old.rowid, " + oldV
        + ");";
    return "CREATE VIEW IF NOT EXISTS " + view + " AS SELECT " + table + ".rowid AS _rid, " + c.sql() + " AS " + col
        + " FROM " + table + ";\n"
        + "CREATE VIRTUAL TABLE IF NOT EXISTS " + fts + " USING fts5(" + col + ", content="
        + Values.sqlLiteral(ftsName + "_content") + ", content_rowid='_rid', tokenize="
        + Values.sqlLiteral(c.fullText()) + ");\n"
        + "CREATE TRIGGER IF NOT EXISTS " + Sql.quoteId(ftsName + "_ai") + " AFTER INSERT ON " + table + " BEGIN "
        + insert + " END;\n"
        + "CREATE TRIGGER IF NOT EXISTS " + Sql.quoteId(ftsName + "_ad") + " AFTER DELETE ON " + table + " BEGIN "
        + delete + " END;\n"
        // Re-index only when the indexed text (or the rowid) changes: most updates touch
        // other fields.
        + "CREATE TRIGGER IF NOT EXISTS " + Sql.quoteId(ftsName + "_au") + " AFTER UPDATE ON " + table
        + " WHEN old.rowid IS NOT new.rowid OR (" + oldV + ") IS NOT (" + newV + ") BEGIN " + delete + " "
        + insert + " END;\n"
        + "INSERT INTO " + fts + "(" + fts + ") VALUES ('rebuild');";
  }

  /**
   * Explains a failed search: when a searched full-text query is malformed, an
   * {@link IllegalArgumentException} naming its column; otherwise the original error. Each
   * searched query is checked alone against its FTS5 table (cheap: only on failure).
   *
   * @param db the database
   * @param model the model name
   * @param columns the model's columns
   * @param attrs the searched attributes
   * @param e the failure
   * @return the exception to throw
   */
  public static RuntimeException explain(DB db, String model, Map<String, ResolvedColumn> columns, Map<String, ?> attrs,
      DBException e) {
    for (ResolvedColumn c : searched(columns, attrs)) {
      Object q = attrs.get(c.name());
      String fts = Sql.quoteId(ftsTable(model, c.name()));
      try {
        // rowid = 0 matches nothing: FTS5 still parses the query, and fails as the search did
        db.get("SELECT 1 AS x FROM " + fts + " WHERE " + fts + " MATCH ? AND rowid = 0", String.valueOf(q));
      } catch (DBException bad) {
        return new IllegalArgumentException("JsonModel '" + model + "', column '" + c.name()
            + "': invalid full-text query '" + q + "': " + sqliteMessage(bad), bad);
      }
    }
    return e;
  }

  /**
   * The full-text columns a search has a value for.
   *
   * @param columns the model's columns
   * @param attrs the attributes, may be null
   * @return the columns, in attribute order
   */
  public static List<ResolvedColumn> searched(Map<String, ResolvedColumn> columns, Map<String, ?> attrs) {
    List<ResolvedColumn> out = new ArrayList<>();
    if (attrs != null) {
      for (Map.Entry<String, ?> e : attrs.entrySet()) {
        ResolvedColumn c = e.getKey() == null ? null : columns.get(e.getKey());
        if (c != null && c.isFullText() && e.getValue() != null) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private static String sqliteMessage(DBException e) {
    String m = String.valueOf(e.getMessage());
    int i = m.indexOf("fts5:");
    if (i < 0) {
      i = m.indexOf("no such column");
    }
    if (i < 0) {
      i = m.indexOf("unterminated");
    }
    int end = m.indexOf(')', Math.max(i, 0));
    return i < 0 ? m : m.substring(i, end > i ? end : m.length()).trim();
  }
}
