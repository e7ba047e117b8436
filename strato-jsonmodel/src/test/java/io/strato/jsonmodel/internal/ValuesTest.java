package io.strato.jsonmodel.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.jsonmodel.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The value conversions every read and write goes through: what is stored for a Java value,
 * which ids match which, what counts as "falsy", and the nesting limit. A wrong answer here is
 * a wrong row in the database or an id that silently finds nothing.
 */
class ValuesTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final JsonNodeFactory N = JsonNodeFactory.instance;

  @Test
  void truthinessIsJavaScriptLikeForJavaValuesAndJsonNodes() {
    for (Object falsy : new Object[] {null, false, 0, 0L, 0.0, -0.0, "", new StringBuilder(), NullNode.instance,
        MissingNode.getInstance(), N.booleanNode(false), N.numberNode(0), N.numberNode(0.0), N.textNode("")}) {
      assertFalse(Values.truthy(falsy), "falsy: " + falsy);
    }
    for (Object truthy : new Object[] {true, 1, -1L, 0.5, "0", "false", " ", N.booleanNode(true), N.numberNode(2),
        N.numberNode(0.1), N.textNode("x"), N.objectNode(), N.arrayNode(), List.of(), new Object()}) {
      assertTrue(Values.truthy(truthy), "truthy: " + truthy);
    }
  }

  @Test
  void sqlLiteralsForDefaults() {
    assertEquals("NULL", Values.sqlLiteral(null));
    assertEquals("NULL", Values.sqlLiteral(NullNode.instance));
    assertEquals("1", Values.sqlLiteral(true));
    assertEquals("0", Values.sqlLiteral(N.booleanNode(false)));
    assertEquals("42", Values.sqlLiteral(42));
    assertEquals("1.5", Values.sqlLiteral(N.numberNode(1.5)));
    assertEquals("'it''s'", Values.sqlLiteral("it's"), "quotes are doubled, never closing the literal");
    assertEquals("'x'", Values.sqlLiteral(N.textNode("x")));
  }

  @Test
  void likeWildcardsAreEscaped() {
    assertEquals("100\\% a\\_b c\\\\d", Values.escapeLike("100% a_b c\\d"));
  }

  /** A value nested {@code depth} levels: depth 0 is a scalar, 1 a list holding it, and so on. */
  private static Object nestedLists(int depth) {
    Object v = "leaf";
    for (int i = 0; i < depth; i++) {
      List<Object> l = new ArrayList<>();
      l.add(v);
      v = l;
    }
    return v;
  }

  private static JsonNode nestedNodes(int depth) {
    JsonNode v = N.textNode("leaf");
    for (int i = 0; i < depth; i++) {
      ObjectNode o = N.objectNode();
      o.set("a", v);
      v = o;
    }
    return v;
  }

  private static Object nestedArraysAndMaps(int depth) {
    Object v = 1;
    for (int i = 0; i < depth; i++) {
      v = i % 2 == 0 ? new Object[] {v} : Map.of("k", v);
    }
    return v;
  }

  @Test
  void theNestingLimitIsExactlyMaxDepthForEveryContainerKind() {
    assertDoesNotThrow(() -> Values.checkDepth(nestedLists(Values.MAX_DEPTH), "m"));
    assertDoesNotThrow(() -> Values.checkDepth(nestedNodes(Values.MAX_DEPTH), "m"));
    assertDoesNotThrow(() -> Values.checkDepth(nestedArraysAndMaps(Values.MAX_DEPTH), "m"));
    for (Object deep : new Object[] {nestedLists(Values.MAX_DEPTH + 1), nestedNodes(Values.MAX_DEPTH + 1),
        nestedArraysAndMaps(Values.MAX_DEPTH + 1)}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Values.checkDepth(deep,
          "JsonModel 'm'"));
      assertEquals("JsonModel 'm': the value is nested more than 1000 levels deep", e.getMessage());
    }
  }

  @Test
  void theNestingLimitLooksAtEveryChildNotOnlyTheFirst() {
    List<Object> wide = new ArrayList<>(List.of("a", 1, List.of()));
    wide.add(nestedLists(Values.MAX_DEPTH));
    assertThrows(IllegalArgumentException.class, () -> Values.checkDepth(wide, "m"), "the last child is too deep");
    List<Object> withNull = new ArrayList<>();
    withNull.add(null);
    withNull.add(nestedLists(Values.MAX_DEPTH));
    assertThrows(IllegalArgumentException.class, () -> Values.checkDepth(withNull, "m"), "a null child does not end the check");
  }

  @Test
  void toNodeMapsScalarsAndTreatsJsonNullAsNone() {
    assertNull(Values.toNode(null, M));
    assertNull(Values.toNode(NullNode.instance, M));
    assertNull(Values.toNode(MissingNode.getInstance(), M));
    JsonNode given = N.textNode("x");
    assertSame(given, Values.toNode(given, M), "a node is used as it is");
    assertEquals(N.textNode("s"), Values.toNode("s", M));
    assertEquals(N.numberNode(5L), Values.toNode(5L, M));
    assertEquals(N.numberNode(5), Values.toNode(5, M));
    assertEquals(N.numberNode(2.5), Values.toNode(2.5, M));
    assertEquals(N.booleanNode(true), Values.toNode(true, M));
    assertEquals(N.binaryNode(new byte[] {1, 2}), Values.toNode(new byte[] {1, 2}, M));
    assertEquals(M.valueToTree(Map.of("k", 1)), Values.toNode(Map.of("k", 1), M));
  }

  @Test
  void toJavaGivesPlainValuesForScalarNodes() {
    assertNull(Values.toJava(null));
    assertNull(Values.toJava(NullNode.instance));
    assertNull(Values.toJava(MissingNode.getInstance()));
    assertEquals("t", Values.toJava(N.textNode("t")));
    assertEquals(true, Values.toJava(N.booleanNode(true)));
    assertEquals(7L, Values.toJava(N.numberNode(7)));
    BigInteger huge = BigInteger.TWO.pow(70);
    assertEquals(huge, Values.toJava(N.numberNode(huge)), "integers beyond long stay exact");
    assertEquals(0.25, Values.toJava(N.numberNode(0.25)));
    assertEquals(new BigDecimal("1.10"), Values.toJava(N.numberNode(new BigDecimal("1.10"))), "decimals stay exact");
    assertArrayEquals(new byte[] {3, 4}, (byte[]) Values.toJava(N.binaryNode(new byte[] {3, 4})));
    ArrayNode arr = N.arrayNode().add(1);
    assertSame(arr, Values.toJava(arr), "containers stay nodes");
  }

  @Test
  void whatIsStoredInEachColumnType() {
    assertNull(Values.toSql(null, ColumnType.INTEGER, M, "w"));
    assertNull(Values.toSql(NullNode.instance, ColumnType.TEXT, M, "w"), "JSON null stores NULL");
    assertEquals("{\"a\":1}", Values.toSql(Map.of("a", 1), ColumnType.JSON, M, "w"));
    assertEquals("[1,2]", Values.toSql(N.arrayNode().add(1).add(2), ColumnType.JSON, M, "w"));
    assertEquals("\"s\"", Values.toSql("s", ColumnType.JSON, M, "w"));
    assertEquals("null", Values.toSql(NullNode.instance, ColumnType.JSON, M, "w"), "a JSON column keeps JSON null");

    assertEquals(1L, Values.toSql(true, ColumnType.INTEGER, M, "w"));
    assertEquals(0L, Values.toSql(N.booleanNode(false), ColumnType.REAL, M, "w"));
    assertEquals(" 12 ", Values.toSql(" 12 ", ColumnType.NUMERIC, M, "w"), "numeric text is stored as given");
    assertEquals(5, Values.toSql(5, ColumnType.INTEGER, M, "w"));
    assertEquals(5L, Values.toSql(BigInteger.valueOf(5), ColumnType.INTEGER, M, "w"));
    BigInteger huge = BigInteger.TWO.pow(64);
    assertEquals(huge.toString(), Values.toSql(huge, ColumnType.INTEGER, M, "w"), "too big for SQLite: as text");
    assertEquals(Long.MAX_VALUE, Values.toSql(BigInteger.valueOf(Long.MAX_VALUE), ColumnType.INTEGER, M, "w"));
    assertEquals(2.5, Values.toSql(new BigDecimal("2.5"), ColumnType.REAL, M, "w"));

    assertEquals(1L, Values.toSql(true, ColumnType.TEXT, M, "w"));
    assertEquals(0L, Values.toSql(false, ColumnType.TEXT, M, "w"));
    assertEquals(3.0, Values.toSql(new BigDecimal("3.0"), ColumnType.TEXT, M, "w"));
    assertEquals("x", Values.toSql(new StringBuilder("x"), ColumnType.TEXT, M, "w"));
    assertEquals("t", Values.toSql(N.textNode("t"), ColumnType.TEXT, M, "w"));

    byte[] bytes = {1};
    assertSame(bytes, Values.toSql(bytes, ColumnType.BLOB, M, "w"));
    assertEquals(1L, Values.toSql(true, ColumnType.BLOB, M, "w"));
    assertEquals(0L, Values.toSql(false, ColumnType.BLOB, M, "w"));
    assertEquals(9L, Values.toSql(BigInteger.valueOf(9), ColumnType.BLOB, M, "w"));
    assertEquals("b", Values.toSql("b", ColumnType.BLOB, M, "w"));
  }

  private static void refused(String message, Object v, ColumnType type) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Values.toSql(v, type, M,
        "JsonModel 'm', column 'c'"));
    assertEquals(message, e.getMessage());
  }

  @Test
  void valuesThatDoNotFitTheColumnTypeAreRefusedByName() {
    refused("JsonModel 'm', column 'c': an array cannot be stored in a INTEGER column (use type JSON or stringify)",
        N.arrayNode(), ColumnType.INTEGER);
    refused("JsonModel 'm', column 'c': an object cannot be stored in a TEXT column (use type JSON or stringify)",
        N.objectNode(), ColumnType.TEXT);
    refused("JsonModel 'm', column 'c': cannot store a java.util.UUID in a TEXT column", new UUID(1, 2),
        ColumnType.TEXT);
    refused("JsonModel 'm', column 'c': 'abc' is not a number, but the column type is REAL", "abc", ColumnType.REAL);
    refused("JsonModel 'm', column 'c': '  ' is not a number, but the column type is INTEGER", "  ",
        ColumnType.INTEGER);
    refused("JsonModel 'm', column 'c': bytes cannot be stored in a NUMERIC column", new byte[] {1},
        ColumnType.NUMERIC);
    refused("JsonModel 'm', column 'c': bytes cannot be stored in a TEXT column", new byte[] {1}, ColumnType.TEXT);
  }

  @Test
  void keysMatchCallerIdsWithIdsReadFromSqlite() {
    assertNull(Values.key(null));
    assertEquals(5L, Values.key(5L));
    assertEquals(5L, Values.key(5));
    assertEquals(5L, Values.key((short) 5));
    assertEquals(5L, Values.key((byte) 5));
    assertEquals(5L, Values.key(5.0), "an integral double is the integer id");
    assertEquals(-5L, Values.key(-5.0));
    assertEquals("5.5", Values.key(5.5));
    assertEquals("Infinity", Values.key(Double.POSITIVE_INFINITY));
    assertEquals(100_000_000_000_000_000L, Values.key(1e17), "below 1e18 an integral double is still an integer id");
    assertEquals("1.0E18", Values.key(1e18), "at 1e18 doubles are too coarse to name one id");
    assertEquals("-1.0E18", Values.key(-1e18));
    assertEquals(7L, Values.key(BigInteger.valueOf(7)));
    assertEquals(Long.MAX_VALUE, Values.key(BigInteger.valueOf(Long.MAX_VALUE)));
    assertEquals("9223372036854775808", Values.key(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)));
    assertEquals(8L, Values.key(N.numberNode(8)), "JSON nodes are unwrapped");
    assertEquals("x", Values.key(N.textNode("x")));
    assertEquals("héllo", Values.key("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals("true", Values.key(true));
  }

  @Test
  void errorMessagesShortenLongValuesToSixtyCharacters() {
    String sixty = "x".repeat(60);
    assertSame(sixty, Values.abbreviate(sixty));
    assertEquals("x".repeat(57) + "...", Values.abbreviate(sixty + "y"));
    assertEquals(60, Values.abbreviate("z".repeat(500)).length());
    assertEquals("", Values.abbreviate(""));
  }

  @Test
  void storableValues() {
    assertTrue(Values.isStorable("s") && Values.isStorable(1) && Values.isStorable(true)
        && Values.isStorable(N.objectNode()) && Values.isStorable(new StringBuilder()));
    assertFalse(Values.isStorable(null) || Values.isStorable(new byte[0]) || Values.isStorable(List.of()));
  }
}
