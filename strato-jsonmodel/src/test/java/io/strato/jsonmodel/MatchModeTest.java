package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.TestSupport.ids;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ColumnDef#match(MatchMode)}: every mode searches as SPEC §2.2 says, exactly like the
 * deprecated flag it replaces, and bad definitions fail naming the column.
 */
@SuppressWarnings("deprecation")
class MatchModeTest {
  private final DB db = DB.memory();

  @AfterEach
  void close() {
    db.close();
  }

  private static final List<Object> ARRAYS = List.of(List.of("red", "blue"), List.of("red"), List.of(), List.of("ß"));
  private static final List<Object> TEXTS = List.of("Hello wörld", "green", "50%_off", "ß");

  /**
   * Two models with the column "c" defined by the new mode and by the legacy flags, holding
   * the values as items "1", "2", … in order.
   */
  private List<JsonModel<ObjectNode>> both(String name, ColumnDef byMode, ColumnDef byFlags, List<Object> values) {
    JsonModel<ObjectNode> a = model(db, ModelConfig.builder(name + "_mode").column("c", byMode));
    JsonModel<ObjectNode> b = model(db, ModelConfig.builder(name + "_flags").column("c", byFlags));
    for (JsonModel<ObjectNode> m : List.of(a, b)) {
      for (int i = 0; i < values.size(); i++) {
        m.set(obj("id", String.valueOf(i + 1), "c", values.get(i)));
      }
    }
    return List.of(a, b);
  }

  private static List<String> find(JsonModel<ObjectNode> m, Object value) {
    return ids(m.searchAll(Map.of("c", value), SearchOptions.options().sort("id", 1)));
  }

  /** Both definitions find the same rows, and those are the expected ones. */
  private void same(List<JsonModel<ObjectNode>> models, Object value, String... expected) {
    assertEquals(List.of(expected), find(models.get(0), value), "match mode, searching " + value);
    assertEquals(List.of(expected), find(models.get(1), value), "legacy flags, searching " + value);
  }

  @Test
  void equalsIsTheDefault() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("eq").column("c", column().match(MatchMode.EQUALS)));
    m.set(obj("id", "1", "c", "green"));
    m.set(obj("id", "2", "c", "greenish"));
    assertEquals(List.of("1"), ids(m.searchAll(Map.of("c", "green"))));
    assertEquals(MatchMode.EQUALS, m.columns().get("c").match());
    assertEquals(MatchMode.EQUALS, m.columns().get("id").match());
    assertThrows(IllegalArgumentException.class, () -> m.searchAll(Map.of("c", List.of("green"))),
        "an equality column takes no collections");
  }

  @Test
  void inMatchesAnyOfTheValues() {
    List<JsonModel<ObjectNode>> ms = both("in", column().match(MatchMode.IN), column().in(), TEXTS);
    same(ms, List.of("green", "nope", "50%_off"), "2", "3");
    same(ms, "green", "2");
    same(ms, List.of("ß"), "4");
  }

  @Test
  void isArrayLooksInsideTheArray() {
    List<JsonModel<ObjectNode>> ms = both("arr", column().match(MatchMode.IS_ARRAY), column().isArray(), ARRAYS);
    same(ms, "red", "1", "2");
    same(ms, "blue", "1");
    same(ms, "ß", "4");
    same(ms, List.of("blue", "nope"), "1");
  }

  @Test
  void inAllNeedsEveryValue() {
    List<JsonModel<ObjectNode>> ms = both("all", column().match(MatchMode.IN_ALL), column().isArray().inAll(),
        ARRAYS);
    same(ms, List.of("red", "blue"), "1");
    same(ms, List.of("red"), "1", "2");
  }

  @Test
  void isAnyOfArrayNeedsOneValue() {
    List<JsonModel<ObjectNode>> ms = both("any", column().match(MatchMode.IS_ANY_OF_ARRAY),
        column().isAnyOfArray(), ARRAYS);
    same(ms, List.of("blue", "nope"), "1");
    same(ms, List.of("red"), "1", "2");
    // isArray + in meant the same
    assertEquals(MatchMode.IS_ANY_OF_ARRAY, ModelConfig.builder("any2").column("c", column().isArray().in()).build()
        .columns().get("c").match());
  }

  @Test
  void textSearchIsASubstringMatchWithLiteralWildcards() {
    List<JsonModel<ObjectNode>> ms = both("txt", column().match(MatchMode.TEXT_SEARCH), column().textSearch(),
        TEXTS);
    same(ms, "wörld", "1");
    same(ms, "%_", "3");
    same(ms, "_", "3");
    same(ms, "HELLO", "1");
    same(ms, "ß", "4");
  }

  @Test
  void fullTextIsAMatchModeToo() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("fts").column("c", column().match(MatchMode.FULL_TEXT)));
    m.set(obj("id", "1", "c", "The quick brown fox"));
    m.set(obj("id", "2", "c", "Crème brûlée"));
    assertEquals(List.of("2"), ids(m.searchAll(Map.of("c", "creme"))), "the default tokenizer folds accents");
    assertEquals(MatchMode.FULL_TEXT, m.columns().get("c").match());
    assertEquals(MatchMode.FULL_TEXT, ModelConfig.builder("fts2").column("c", column().fullText("trigram")).build()
        .columns().get("c").match());
  }

  @Test
  void legacyFlagsReportTheirMode() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("legacy")
        .column("a", column().isArray())
        .column("b", column().in())
        .column("c", column().inAll().isArray())   // any order, as before
        .column("d", column().textSearch()));
    assertEquals(MatchMode.IS_ARRAY, m.columns().get("a").match());
    assertEquals(MatchMode.IN, m.columns().get("b").match());
    assertEquals(MatchMode.IN_ALL, m.columns().get("c").match());
    assertEquals(MatchMode.TEXT_SEARCH, m.columns().get("d").match());
    assertEquals(Column.ArrayMode.IS_ARRAY, m.columns().get("a").arrayMode());
    assertTrue(m.columns().get("d").textSearch());
  }

  private static void fails(String column, String fragment, Supplier<ModelConfig.Builder<?>> b) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.get().build());
    assertTrue(e.getMessage().contains("column '" + column + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void badDefinitionsNameTheColumn() {
    fails("tags", "match mode must not be null", () -> ModelConfig.builder("m").column("tags", column().match(null)));
    fails("id", "match mode must not be null", () -> ModelConfig.builder("m").column("id", column().match(null)));
    fails("tags", "cannot be combined", () -> ModelConfig.builder("m")
        .column("tags", column().match(MatchMode.IN).isArray()));
    fails("body", "fullText cannot be combined", () -> ModelConfig.builder("m")
        .column("body", column().fullText().textSearch()));
    fails("tags", "where", () -> ModelConfig.builder("m").column("tags", column().match(MatchMode.IN_ALL).where("1")));
    fails("flag", "falsyBool", () -> ModelConfig.builder("m").column("flag", column().falsyBool()
        .match(MatchMode.IN)));
    fails("t", "textSearch", () -> ModelConfig.builder("m").column("t", column().falsyBool()
        .match(MatchMode.TEXT_SEARCH)));
    fails("id", "id column", () -> ModelConfig.builder("m").column("id", column().match(MatchMode.IN)));
    // a later valid mode replaces a null one, as for type(null)
    ModelConfig.builder("m").column("c", column().match(null).match(MatchMode.IN)).build();
  }

  @Test
  void modeQuestions() {
    assertTrue(MatchMode.IS_ARRAY.isArray() && MatchMode.IN_ALL.isArray() && MatchMode.IS_ANY_OF_ARRAY.isArray());
    assertFalse(MatchMode.IN.isArray() || MatchMode.EQUALS.isArray() || MatchMode.FULL_TEXT.isArray());
    assertTrue(MatchMode.IN.takesCollections() && MatchMode.IS_ARRAY.takesCollections());
    assertFalse(MatchMode.EQUALS.takesCollections() || MatchMode.TEXT_SEARCH.takesCollections()
        || MatchMode.FULL_TEXT.takesCollections());
  }
}
