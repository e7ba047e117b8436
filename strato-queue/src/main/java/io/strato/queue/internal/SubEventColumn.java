package io.strato.queue.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.Row;
import io.strato.queue.QueueConfig;
import io.strato.queue.SubEventStorage;
import java.util.function.Function;

/**
 * The {@code events} column in the queue's hand-written statements (the fast paths that bypass
 * the generic table): which SQL to add, where to write sub-events, and how to read them from
 * either place. The layouts are described on {@link SubEventStorage}.
 */
public final class SubEventColumn {
  private final SubEventStorage storage;

  /**
   * The column of one layout.
   *
   * @param storage the layout
   */
  public SubEventColumn(SubEventStorage storage) {
    this.storage = storage;
  }

  /**
   * Whether the table has an {@code events} column.
   *
   * @return true for the two layouts with a column
   */
  public boolean exists() {
    return storage != SubEventStorage.JSON;
  }

  /**
   * Whether sub-events are written into the column (else inside {@code json}).
   *
   * @return true for {@link SubEventStorage#COLUMN}
   */
  public boolean inColumn() {
    return storage == SubEventStorage.COLUMN;
  }

  /**
   * Added to an UPDATE's SET list; the column is always written, so a reprocessed event never
   * keeps stale sub-events.
   *
   * @return the SQL, empty without a column
   */
  public String setSql() {
    return exists() ? ", " + QueueConfig.EVENTS_COLUMN + " = ?" : "";
  }

  /**
   * Added to a SELECT list.
   *
   * @return the SQL, empty without a column
   */
  public String selectSql() {
    return exists() ? ", " + QueueConfig.EVENTS_COLUMN : "";
  }

  /**
   * The parameters of a store statement: the given ones, then the column's value (when the
   * table has the column), then the version.
   *
   * @param column the column's value
   * @param firstThenV the other parameters, the version last
   * @return the parameters in statement order
   */
  public Object[] params(String column, Object... firstThenV) {
    int n = firstThenV.length;
    if (!exists()) {
      return firstThenV;
    }
    Object[] out = new Object[n + 1];
    System.arraycopy(firstThenV, 0, out, 0, n - 1);
    out[n - 1] = column;
    out[n] = firstThenV[n - 1];
    return out;
  }

  /**
   * The sub-events of a row: the column when set, else {@code json}'s {@code events}.
   *
   * @param r the row
   * @param rest the parsed {@code json} column, or null
   * @param parse parses the column's text
   * @return the sub-events' JSON, or null when none
   */
  public JsonNode read(Row r, JsonNode rest, Function<String, JsonNode> parse) {
    if (exists()) {
      String text = r.getString(QueueConfig.EVENTS_COLUMN);
      JsonNode n = text == null ? null : parse.apply(text);
      if (n != null && !n.isNull()) {
        return n;
      }
    }
    JsonNode n = rest == null ? null : rest.get("events");
    return n == null || n.isNull() ? null : n;
  }
}
