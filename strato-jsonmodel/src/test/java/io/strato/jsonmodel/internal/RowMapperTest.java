package io.strato.jsonmodel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.db.Row;
import io.strato.db.StratoException;
import io.strato.jsonmodel.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * How a result row becomes an item. Items of a class are read from spliced text ({@code toText}:
 * the stored json plus the other columns as top-level keys, one parse); every spliced text must
 * say what the tree path ({@code toTree}) says, or the same row reads differently depending on
 * the item class.
 */
class RowMapperTest {
  private static final ObjectMapper M = new ObjectMapper();
  private final RowMapper rows = new RowMapper("things", M);

  private static ColumnBuilder col(String name) {
    return ResolvedColumn.builder(name).sql("x").alias("_" + name.replace('.', '_'))
        .where((vals, v) -> "x = ?", List::of, false);
  }

  private static final ResolvedColumn JSON = col("json").real(ColumnType.JSON).path("").build();
  private static final ResolvedColumn N = col("n").real(ColumnType.INTEGER).build();
  private static final ResolvedColumn S = col("s").real(ColumnType.TEXT).build();
  private static final ResolvedColumn J = col("j").real(ColumnType.JSON).build();

  private static Row row(List<ResolvedColumn> cols, Object... values) {
    String[] names = new String[cols.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = cols.get(i).alias();
    }
    return Row.of(names, values);
  }

  private static JsonNode parse(String text) {
    try {
      return M.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(text, e);
    }
  }

  /** The tree with numbers normalised (IntNode vs LongNode), for comparing. */
  private static JsonNode norm(JsonNode n) {
    return n == null ? null : parse(n.toString());
  }

  /** The spliced text, checked to mean the same item as the tree. */
  private String spliced(List<ResolvedColumn> cols, Object... values) {
    Row r = row(cols, values);
    String text = rows.toText(r, cols);
    if (text != null) {
      assertEquals(norm(rows.toTree(r, cols)), parse(text), "text and tree disagree: " + text);
    }
    return text;
  }

  @Test
  void splicingNeedsTheJsonColumnAndPlainTopLevelKeys() {
    assertTrue(RowMapper.canSplice(List.of(JSON)));
    assertTrue(RowMapper.canSplice(List.of(N, JSON, S)));
    assertFalse(RowMapper.canSplice(List.of(N, S)), "no json column");
    assertFalse(RowMapper.canSplice(List.of()));
    assertFalse(RowMapper.canSplice(List.of(JSON, col("a.b").build())), "a nested path");
    assertFalse(RowMapper.canSplice(List.of(JSON, col("a-b").build())), "a key that would need escaping");
    assertFalse(RowMapper.canSplice(List.of(col("a-b").build(), JSON)), "wherever it is in the list");
    assertTrue(RowMapper.canSplice(List.of(JSON, col("a_B$9").build())));
    assertFalse(RowMapper.canSplice(List.of(JSON, col("ab").parts(List.of("a", "b")).path("ab").build())),
        "one key in text, two in the item");
  }

  @Test
  void columnsAreAppendedAsTopLevelKeys() {
    List<ResolvedColumn> cols = List.of(JSON, N, S);
    assertEquals("{\"id\":\"x\",\"n\":5,\"s\":\"t\"}", spliced(cols, "{\"id\":\"x\"}", 5L, "t"));
    assertEquals("{\"id\":\"x\",\"n\":9007199254740993}", spliced(cols, "{\"id\":\"x\"}", 9007199254740993L, null),
        "integers are written as digits (no double rounding); NULL columns are left out");
    assertEquals("{\"n\":5}", spliced(cols, null, 5L, null), "no stored json");
    assertEquals("{}", spliced(cols, null, null, null));
    assertEquals("{\"n\":5}", spliced(cols, "{}", 5, null), "no comma after an empty object");
    assertEquals("{ \"n\":5}", spliced(cols, "{ }  ", 5, null), "nor after one with blanks");
    assertEquals("{\"a\":1 ,\"s\":\"t\"}", spliced(cols, "{\"a\":1 }\n", null, "t"), "trailing blanks are cut");
    assertEquals("{\"id\":\"x\",\"s\":\"t\"}", spliced(cols, "{\"id\":\"x\"}".getBytes(
        java.nio.charset.StandardCharsets.UTF_8), null, "t"), "json read as bytes");
  }

  @Test
  void textIsQuotedAndEscaped() {
    List<ResolvedColumn> cols = List.of(JSON, S);
    String tricky = "say \"hi\" \\ back\nslash\ttab \u0001 ü€";
    String text = spliced(cols, "{}", tricky);
    assertEquals("{\"s\":\"say \\\"hi\\\" \\\\ back\\u000aslash\\u0009tab \\u0001 ü€\"}", text);
    assertEquals(tricky, parse(text).get("s").textValue());
    assertEquals(" ~", parse(spliced(cols, "{}", " ~")).get("s").textValue(), "the first printable characters");
  }

  @Test
  void numbersAndJsonColumns() {
    List<ResolvedColumn> cols = List.of(JSON, N, J);
    assertEquals("{\"n\":1.5,\"j\":[1,{\"a\":2}]}", spliced(cols, "{}", 1.5, "[1,{\"a\":2}]"),
        "a JSON column's text is spliced in as it is");
    assertEquals("{\"n\":7}", spliced(cols, "{}", Integer.valueOf(7), null));
    assertNull(rows.toText(row(cols, "{}", Double.NaN, null), cols), "NaN has no JSON text: map via the tree");
    assertNull(rows.toText(row(cols, "{}", Double.POSITIVE_INFINITY, null), cols));
    assertNull(rows.toText(row(cols, "{}", new byte[] {1}, null), cols), "bytes: map via the tree");
  }

  @Test
  void aKeyAlreadyInTheStoredJsonOrJsonThatIsNoObjectFallsBackToTheTree() {
    List<ResolvedColumn> cols = List.of(JSON, N);
    Row dup = row(cols, "{\"n\":1,\"m\":2}", 5L);
    assertNull(rows.toText(dup, cols), "the column's key is in the json: the tree merges by key");
    assertEquals(parse("{\"n\":5,\"m\":2}"), norm(rows.toTree(dup, cols)), "the column's value wins");
    assertEquals("{\"nn\":1,\"n\":5}", spliced(cols, "{\"nn\":1}", 5L), "only the whole quoted key counts");
    for (String notAnObject : new String[] {"[1]", "", "   ", "{", "5", "{\"a\":1} x"}) {
      assertNull(rows.toText(row(cols, notAnObject, 5L), cols), "not an object: '" + notAnObject + "'");
    }
  }

  @Test
  void convertedColumnsSpliceWhatTheTreeHolds() {
    Function<Object, Object> half = v -> v == null || ((Number) v).longValue() == 0 ? null
        : ((Number) v).longValue() / 2;
    ResolvedColumn parsed = col("p").real(ColumnType.INTEGER).convert(half, null).build();
    ResolvedColumn flag = col("f").real(ColumnType.INTEGER).falsyBool(true).build();
    ResolvedColumn obj = col("o").real(ColumnType.JSON).alwaysObject(true).build();
    List<ResolvedColumn> cols = List.of(JSON, parsed, flag, obj);
    assertEquals("{\"p\":4,\"f\":true,\"o\":{}}", spliced(cols, "{}", 8L, 1L, null));
    assertEquals("{\"o\":{\"a\":1}}", spliced(cols, "{}", null, null, "{\"a\":1}"));
    // A conversion that gives nothing and a falsy flag leave the key out, as in the tree (not
    // the raw value read from the column).
    assertEquals("{\"o\":{}}", spliced(cols, "{}", 0L, 0L, null));
  }

  @Test
  void theTreePutsNestedColumnsAtTheirPathsAndKeepsJsonValuesForNullColumns() {
    ResolvedColumn nested = col("a.b").real(ColumnType.INTEGER).build();
    List<ResolvedColumn> cols = List.of(nested, JSON);
    assertEquals(parse("{\"a\":{\"b\":3,\"c\":1}}"), norm(rows.toTree(row(cols, 3L, "{\"a\":{\"c\":1}}"), cols)),
        "the json column is found wherever it is in the selection");
    assertEquals(parse("{\"a\":{\"b\":2}}"), norm(rows.toTree(row(cols, null, "{\"a\":{\"b\":2}}"), cols)),
        "a NULL column leaves the json's value");
    assertEquals(parse("{\"a\":{\"b\":3}}"), norm(rows.toTree(row(cols, 3L, null), cols)), "no stored json");
    List<ResolvedColumn> noJson = new ArrayList<>(List.of(nested));
    assertEquals(parse("{\"a\":{\"b\":3}}"), norm(rows.toTree(row(noJson, 3L), noJson)));
  }

  @Test
  void malformedStoredJsonNamesTheModelAndColumn() {
    List<ResolvedColumn> cols = List.of(JSON);
    StratoException e = assertThrows(StratoException.class, () -> rows.toTree(row(cols, "{oops"), cols));
    assertTrue(e.getMessage().startsWith("JsonModel 'things', column 'json': malformed JSON in the database: "),
        e.getMessage());
    StratoException notObj = assertThrows(StratoException.class, () -> rows.toTree(row(cols, "[1, 2]"), cols));
    assertEquals("JsonModel 'things': stored json is not an object: [1, 2]", notObj.getMessage());
    assertThrows(StratoException.class, () -> rows.toTree(row(cols, 5L), cols), "a number is no object either");
  }

  @Test
  void readColumnTurnsStoredValuesIntoItemValues() {
    assertEquals(parse("[1]"), rows.readColumn(J, "[1]"));
    assertEquals(parse("3"), norm(rows.readColumn(J, 3L)), "a number in a JSON column");
    assertNull(rows.readColumn(J, null));
    ResolvedColumn always = col("o").real(ColumnType.JSON).alwaysObject(true).build();
    assertEquals(parse("{}"), rows.readColumn(always, null));
    ResolvedColumn parsed = col("p").real(ColumnType.JSON).convert(v -> ((JsonNode) v).size(), null).build();
    assertEquals(parse("2"), norm(rows.readColumn(parsed, "[1,2]")));
    ResolvedColumn flag = col("f").real(ColumnType.INTEGER).falsyBool(true).build();
    assertEquals(parse("true"), rows.readColumn(flag, 1L));
    assertNull(rows.readColumn(flag, 0L));
    assertEquals(parse("\"t\""), rows.readColumn(S, "t"));
  }
}
