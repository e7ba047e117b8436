package io.strato.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table: a header row and rows of cells, columns padded to their widest cell.
 * Columns whose header is listed in {@link #rightAligned} are aligned right (numbers).
 *
 * <pre>{@code
 * Table t = new Table("V", "TYPE").rightAligned("V");
 * t.row("1", "account/opened");
 * out.print(t.render());
 * }</pre>
 */
public final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> right = new ArrayList<>();

  /**
   * A table with these column headers.
   *
   * @param headers the headers
   */
  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  /**
   * Aligns these columns right.
   *
   * @param columns header names
   * @return this
   */
  public Table rightAligned(String... columns) {
    right.addAll(List.of(columns));
    return this;
  }

  /**
   * Adds a row; nulls print as {@code -}.
   *
   * @param cells one cell per column
   * @return this
   */
  public Table row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(c == null ? "-" : String.valueOf(c).replace('\n', ' '));
    }
    rows.add(r);
    return this;
  }

  /**
   * How many rows were added.
   *
   * @return the row count
   */
  public int size() {
    return rows.size();
  }

  /**
   * The table as text, one line per row, each ending in a newline; no trailing spaces.
   *
   * @return the text
   */
  public String render() {
    int[] w = new int[headers.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = headers.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], i < r.size() ? r.get(i).length() : 0);
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, w);
    for (List<String> r : rows) {
      line(sb, r, w);
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, List<String> cells, int[] w) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      if (i > 0) {
        l.append("  ");
      }
      String pad = " ".repeat(w[i] - c.length());
      l.append(right.contains(headers.get(i)) ? pad + c : c + pad);
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }
}
