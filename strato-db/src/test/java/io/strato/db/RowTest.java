package io.strato.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Row's typed getters, NULLs, bad types named in the error, value semantics and toString. */
class RowTest {
  private static Row row(Object... values) {
    String[] cols = new String[values.length];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = "c" + i;
    }
    return Row.of(cols, values);
  }

  @Test
  void doublesFromNumbersAndNumericText() {
    Row r = row(2.5, 7L, " 1e3 ", null, "ü", new byte[] {1});
    assertEquals(2.5, r.getDouble("c0"));
    assertEquals(7.0, r.getDouble("c1"));
    assertEquals(1000.0, r.getDouble("c2"));
    assertNull(r.getDouble("c3"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.getDouble("c4"));
    assertEquals("Column 'c4' holds String value, not a number", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> r.getDouble("c5"));
    assertEquals("Column 'c5' holds byte[] value, not a number", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> r.getDouble("missing"));
  }

  @Test
  void stringsAndBytesConvertAndKeepNull() {
    byte[] blob = "ünï".getBytes(StandardCharsets.UTF_8);
    Row r = row(null, blob, 42L, "€");
    assertNull(r.getString("c0"));
    assertNull(r.getBytes("c0"));
    assertEquals("ünï", r.getString("c1"));
    assertEquals("42", r.getString("c2"));
    assertArrayEquals("€".getBytes(StandardCharsets.UTF_8), r.getBytes("c3"));
    byte[] copy = r.getBytes("c1");
    copy[0] = 0;
    assertArrayEquals(blob, r.getBytes("c1"), "a copy: the row does not change");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.getBytes("c2"));
    assertEquals("Column 'c2' holds Long value, not bytes", e.getMessage());
  }

  /** "exact, then case-insensitive match": SELECT 1 AS n, 2 AS N keeps both reachable. */
  @Test
  void anExactLabelWinsOverAnEarlierCaseInsensitiveOne() {
    Row r = Row.of(new String[] {"n", "N"}, new Object[] {1L, 2L});
    assertEquals(2L, r.getLong("N"));
    assertEquals(1L, r.getLong("n"));
  }

  @Test
  void theFirstOfTwoColumnsWithOneLabelWins() {
    Row r = Row.of(new String[] {"a", "b", "a"}, new Object[] {1L, 2L, 3L});
    assertEquals(1L, r.getLong("a"));
    assertEquals(2L, r.getLong("b"));
    assertEquals(List.of("a", "b", "a"), r.columns());
  }

  @Test
  void valueSemantics() {
    Row a = row(1L, "x", new byte[] {1, 2});
    Row b = row(1L, "x", new byte[] {1, 2});
    assertEquals(a, b, "blobs compare by content");
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, row(1L, "y", new byte[] {1, 2}));
    assertNotEquals(a, Row.of(new String[] {"c0", "c1", "other"}, new Object[] {1L, "x", new byte[] {1, 2}}));
    assertNotEquals(a.hashCode(), row(2L, "x", new byte[] {1, 2}).hashCode());
    assertNotEquals(a, "not a row");
  }

  @Test
  void asMapAndToString() {
    Row r = row(1L, null, new byte[] {1, 2, 3});
    Map<String, Object> m = r.asMap();
    assertEquals(List.of("c0", "c1", "c2"), List.copyOf(m.keySet()));
    assertTrue(m.containsKey("c1"));
    assertNull(m.get("c1"));
    assertThrows(UnsupportedOperationException.class, () -> m.put("x", 1));
    assertEquals("Row{c0=1, c1=null, c2=<3 bytes>}", r.toString());
    assertEquals("Row{}", Row.of(new String[0], new Object[0]).toString());
  }
}
