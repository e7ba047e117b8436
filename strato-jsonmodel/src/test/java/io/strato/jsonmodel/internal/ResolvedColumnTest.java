package io.strato.jsonmodel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.MatchMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ResolvedColumn} is built by name: defaults, and missing or contradictory parts named. */
class ResolvedColumnTest {
  private static ColumnBuilder minimal(String name) {
    return ResolvedColumn.builder(name).sql("x").alias("_x").where((vals, v) -> "x = ?", List::of, false);
  }

  @Test
  void defaults() {
    ResolvedColumn c = minimal("info.name").build();
    assertEquals("info.name", c.path(), "the path defaults to the name");
    assertEquals(List.of("info", "name"), c.parts());
    assertFalse(c.real());
    assertNull(c.type());
    assertEquals(MatchMode.EQUALS, c.match());
    assertFalse(c.indexed() || c.unique() || c.isFullText() || c.acceptsCollections());
    assertTrue(c.toString().contains("virtual"), c.toString());
  }

  @Test
  void everyOptionByName() {
    ResolvedColumn c = minimal("n").real(ColumnType.INTEGER).path("a.n").get(true)
        .index(IndexKind.SPARSE, true, true).defaultValue(3).required(true).falsyBool(false).alwaysObject(false)
        .autoIncrement(false).value(item -> 1, false).convert(v -> v, v -> v).match(MatchMode.IN, null).build();
    assertTrue(c.real() && c.get() && c.indexed() && c.unique() && c.ignoreNull() && c.required());
    assertEquals(ColumnType.INTEGER, c.type());
    assertEquals(List.of("a", "n"), c.parts());
    assertEquals(IndexKind.SPARSE, c.index());
    assertEquals(3, c.defaultValue());
    assertTrue(c.acceptsCollections(), "IN takes collections");
    ResolvedColumn fts = minimal("body").match(MatchMode.FULL_TEXT, "trigram").build();
    assertTrue(fts.isFullText());
    assertEquals("trigram", fts.fullText());
    ResolvedColumn json = minimal("json").real(ColumnType.JSON).path("").build();
    assertEquals(List.of(), json.parts());
  }

  private static void fails(String fragment, ColumnBuilder b) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void missingOrContradictoryPartsNameTheColumn() {
    fails("name must be non-empty", ResolvedColumn.builder(""));
    fails("name must be non-empty", ResolvedColumn.builder(null));
    fails("Column 'c': needs an SQL expression", ResolvedColumn.builder("c").alias("_c")
        .where((vals, v) -> "1", List::of, false));
    fails("Column 'c': needs an alias", ResolvedColumn.builder("c").sql("x")
        .where((vals, v) -> "1", List::of, false));
    fails("Column 'c': needs a where function", ResolvedColumn.builder("c").sql("x").alias("_c"));
    fails("Column 'c': needs a match mode", minimal("c").match(null, null));
    fails("Column 'c': needs a tokenizer", minimal("c").match(MatchMode.FULL_TEXT, null));
    fails("Column 'c': needs a tokenizer", minimal("c").match(MatchMode.EQUALS, "trigram"));
    fails("Column 'c': needs an index", minimal("c").index(null, true, false));
  }

  @Test
  void theExpressionIsWrittenForAnyRowAlias() {
    ExprTemplate e = ExprTemplate.wrap("json_extract(", ExprTemplate.column("json"), ", '$.\"t\".a')");
    ResolvedColumn c = minimal("a").expr(e, "\"t\"").build();
    assertEquals("json_extract(\"t\".\"json\", '$.\"t\".a')", c.sql(), "sql() is for the table");
    assertEquals("json_extract(new.\"json\", '$.\"t\".a')", c.sqlFor("new"));
    assertEquals("json_extract(\"json\", '$.\"t\".a')", c.sqlFor(null));
    assertEquals(e, c.expr());
    ResolvedColumn fixed = minimal("b").build();
    assertEquals("x", fixed.sqlFor("new"), "a fixed expression has no row references to rewrite");
    fails("Column 'c': needs an SQL expression", minimal("c").expr(null, "\"t\""));
  }
}
