package io.strato.db;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result row: column names in select order with their values.
 *
 * <p>Values are what SQLite stored: {@link Long} for INTEGER (never {@code Integer}),
 * {@link Double} for REAL, {@link String} for TEXT, {@code byte[]} for BLOB, and null for
 * NULL. Rows are immutable and safe to share between threads.
 *
 * <pre>{@code
 * Row row = db.get("SELECT count(*) AS n FROM docs").orElseThrow();
 * long n = row.getLong("n");
 * }</pre>
 */
public final class Row {
  private final String[] columns;
  private final Object[] values;

  private Row(String[] columns, Object[] values) {
    this.columns = columns;
    this.values = values;
  }

  /**
   * Creates a row. Used by the DB when reading results; public for tests and adapters.
   *
   * @param columns the column labels, in select order (not copied: treat as immutable)
   * @param values the values, same length as {@code columns} (copied)
   * @return the row
   * @throws IllegalArgumentException when the lengths differ
   */
  public static Row of(String[] columns, Object[] values) {
    if (columns == null || values == null || columns.length != values.length) {
      throw new IllegalArgumentException("Row.of: columns and values must be non-null and of equal length");
    }
    return new Row(columns, values.clone());
  }

  private int indexOf(String col) {
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].equals(col)) {
        return i;
      }
    }
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].equalsIgnoreCase(col)) {
        return i;
      }
    }
    return -1;
  }

  private int require(String col) {
    int i = col == null ? -1 : indexOf(col);
    if (i < 0) {
      throw new IllegalArgumentException(
          "Unknown column '" + col + "' in row; columns are " + Arrays.toString(columns));
    }
    return i;
  }

  /**
   * Whether the row has a column with this label (exact, then case-insensitive match).
   *
   * @param col the column label
   * @return true when present
   */
  public boolean has(String col) {
    return col != null && indexOf(col) >= 0;
  }

  /**
   * The raw value of a column.
   *
   * @param col the column label (exact, then case-insensitive match)
   * @return the value, null for SQL NULL
   * @throws IllegalArgumentException when the row has no such column
   */
  public Object get(String col) {
    return values[require(col)];
  }

  /**
   * The value as a Long.
   *
   * @param col the column label
   * @return the value, null for SQL NULL
   * @throws IllegalArgumentException when the column is missing or not numeric
   */
  public Long getLong(String col) {
    Object v = get(col);
    if (v == null || v instanceof Long) {
      return (Long) v;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("Column '" + col + "' holds " + describe(v) + ", not an integer");
  }

  /**
   * The value as a Double.
   *
   * @param col the column label
   * @return the value, null for SQL NULL
   * @throws IllegalArgumentException when the column is missing or not numeric
   */
  public Double getDouble(String col) {
    Object v = get(col);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("Column '" + col + "' holds " + describe(v) + ", not a number");
  }

  /**
   * The value as a String (numbers are converted with {@code toString}, BLOBs as UTF-8).
   *
   * @param col the column label
   * @return the value, null for SQL NULL
   * @throws IllegalArgumentException when the column is missing
   */
  public String getString(String col) {
    Object v = get(col);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof byte[] b) {
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
    return v.toString();
  }

  /**
   * The value as bytes (TEXT is encoded as UTF-8).
   *
   * @param col the column label
   * @return a copy of the value, null for SQL NULL
   * @throws IllegalArgumentException when the column is missing or numeric
   */
  public byte[] getBytes(String col) {
    Object v = get(col);
    if (v == null) {
      return null;
    }
    if (v instanceof byte[] b) {
      return b.clone();
    }
    if (v instanceof String s) {
      return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException("Column '" + col + "' holds " + describe(v) + ", not bytes");
  }

  /**
   * The column labels in select order.
   *
   * @return an unmodifiable list
   */
  public List<String> columns() {
    return Collections.unmodifiableList(Arrays.asList(columns));
  }

  /**
   * The row as an ordered map of column label to value.
   *
   * @return an unmodifiable map in select order
   */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>(columns.length * 2);
    for (int i = 0; i < columns.length; i++) {
      m.put(columns[i], values[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  private static String describe(Object v) {
    return v.getClass().getSimpleName() + " value";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row r && Arrays.equals(columns, r.columns) && Arrays.deepEquals(values, r.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(columns) + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Row{");
    for (int i = 0; i < columns.length; i++) {
      if (i > 0) {
        b.append(", ");
      }
      Object v = values[i];
      b.append(columns[i]).append('=').append(v instanceof byte[] bytes ? "<" + bytes.length + " bytes>" : v);
    }
    return b.append('}').toString();
  }
}
