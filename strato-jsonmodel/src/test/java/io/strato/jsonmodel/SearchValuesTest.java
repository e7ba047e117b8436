package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.TestSupport.ids;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a caller may search for and look up by: values a column cannot search for are refused
 * naming the column (on the first search of a shape and on the cached one after it), falsy
 * flags, ids given as any integral number type, and totals and cursors of later pages.
 */
class SearchValuesTest {
  private final DB db = DB.memory();
  private final JsonModel<ObjectNode> m = model(db, ModelConfig.builder("things")
      .column("id", column().type(ColumnType.INTEGER))
      .column("n", column().type(ColumnType.INTEGER).index(IndexKind.DEFAULT))
      .column("tag", column().in())
      .column("flag", column().falsyBool())
      .column("body", column().fullText()));

  @AfterEach
  void close() {
    db.close();
  }

  private void fill() {
    m.set(obj("id", 1, "n", 10, "tag", "a", "flag", true, "body", "red apples"));
    m.set(obj("id", 2, "n", 20, "tag", "b", "body", "green pears"));
    m.set(obj("id", 3, "n", 30, "tag", "c", "flag", true, "body", "red cherries"));
  }

  private void refused(String message, String column, Object value) {
    Map<String, Object> attrs = new HashMap<>();
    attrs.put(column, value);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.searchAll(attrs));
    assertEquals(message, e.getMessage());
  }

  private void refusedEveryTime(String message, String column, Object value) {
    refused(message, column, value);
    // The shape [column] is cached after a good search: its parameters are checked as well.
    m.searchAll(Map.of(column, column.equals("tag") ? List.of("a") : column.equals("body") ? "red" : 10));
    refused(message, column, value);
  }

  @Test
  void valuesAColumnCannotSearchForAreRefusedNamingIt() {
    fill();
    String col = "JsonModel 'things', column 'n': cannot search for ";
    refusedEveryTime(col + "a map", "n", Map.of("a", 1));
    refusedEveryTime(col + "an object", "n", JsonNodeFactory.instance.objectNode());
    refusedEveryTime(col + "a collection (only in/isArray/inAll/isAnyOfArray columns take collections)", "n",
        List.of(1));
    refusedEveryTime(col + "a collection (only in/isArray/inAll/isAnyOfArray columns take collections)", "n",
        new int[] {1});
    refusedEveryTime(col + "a collection (only in/isArray/inAll/isAnyOfArray columns take collections)", "n",
        JsonNodeFactory.instance.arrayNode().add(1));
    refusedEveryTime(col + "a java.lang.Thread", "n", Thread.currentThread());
    refusedEveryTime("JsonModel 'things', column 'body': cannot search for a java.lang.Integer (a fullText column is"
        + " searched with an FTS5 query string)", "body", 5);
    refusedEveryTime("JsonModel 'things', column 'body': cannot search for a java.util.ArrayList (a fullText column"
        + " is searched with an FTS5 query string)", "body", new ArrayList<>(List.of("red")));
  }

  @Test
  void scalarsOfManyKindsAndCollectionsWhereTakenAreSearched() {
    fill();
    assertEquals(List.of("2"), ids(m.searchAll(Map.of("n", 20))));
    assertEquals(List.of("2"), ids(m.searchAll(Map.of("n", JsonNodeFactory.instance.numberNode(20)))));
    assertEquals(List.of("2"), ids(m.searchAll(Map.of("n", "20"))), "numeric text finds an INTEGER value");
    assertEquals(List.of("1", "3"), ids(m.searchAll(Map.of("tag", JsonNodeFactory.instance.arrayNode().add("a")
        .add("c")), SearchOptions.options().sort("id", 1))));
    assertEquals(List.of("1", "3"), ids(m.searchAll(Map.of("tag", new String[] {"a", "c"}),
        SearchOptions.options().sort("id", 1))));
    assertEquals(List.of("1", "3"), ids(m.searchAll(Map.of("body", JsonNodeFactory.instance.textNode("red")),
        SearchOptions.options().sort("id", 1))));
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("n", null);
    withNull.put("tag", JsonNodeFactory.instance.nullNode());
    assertEquals(3, m.searchAll(withNull).size(), "null and JSON null attributes are no condition");
    m.searchAll(Map.of("n", 10));
    assertEquals(3, m.searchAll(withNull).size(), "also once the shape is cached");
  }

  @Test
  void aFalsyBoolColumnIsSearchedByTruthiness() {
    fill();
    SearchOptions byId = SearchOptions.options().sort("id", 1);
    for (Object falsy : List.of(false, 0, 0.0, "")) {
      assertEquals(List.of("2"), ids(m.searchAll(Map.of("flag", falsy), byId)), "searching " + falsy);
    }
    for (Object truthy : List.of(true, 1, 2.5, "yes")) {
      assertEquals(List.of("1", "3"), ids(m.searchAll(Map.of("flag", truthy), byId)), "searching " + truthy);
    }
  }

  @Test
  void integerIdsAreFoundWhateverIntegralTypeTheCallerUses() {
    fill();
    for (Object id : List.of(2, 2L, (short) 2, (byte) 2, 2.0, BigInteger.TWO, "2",
        JsonNodeFactory.instance.numberNode(2))) {
      assertEquals(20, m.get(id).orElseThrow().path("n").intValue(), "get by " + id.getClass().getSimpleName());
      List<ObjectNode> all = m.getAll(List.of(3, id, 99));
      assertEquals(3, all.size(), "getAll by " + id.getClass().getSimpleName());
      assertEquals(30, all.get(0).path("n").intValue());
      assertEquals(20, all.get(1).path("n").intValue(), "in the order asked, by " + id.getClass().getSimpleName());
      assertNull(all.get(2));
    }
    assertEquals(1, m.getAll(List.of(2.5)).size());
    assertNull(m.getAll(List.of(2.5)).get(0), "2.5 is not id 2");
  }

  @Test
  void laterPagesKnowTheTotalAndTheWayBack() {
    for (int i = 1; i <= 7; i++) {
      m.set(obj("id", i, "n", i * 10));
    }
    SearchOptions o = SearchOptions.options().sort("n", 1).limit(3);
    Page<ObjectNode> first = m.search(Map.of(), o);
    assertEquals(7L, first.total());
    assertNull(first.prevCursor(), "nothing before the first page");
    Page<ObjectNode> second = m.search(Map.of(), SearchOptions.options().sort("n", 1).limit(3)
        .cursor(first.cursor()));
    assertEquals(List.of("4", "5", "6"), ids(second.items()));
    assertEquals(7L, second.total(), "a page after a cursor counts every match, not only its own rows");
    assertNotNull(second.prevCursor());
    Page<ObjectNode> third = m.search(Map.of(), SearchOptions.options().sort("n", 1).limit(3)
        .cursor(second.cursor()));
    assertEquals(List.of("7"), ids(third.items()));
    assertEquals(7L, third.total(), "a short last page counts every match too");
    Page<ObjectNode> byOffset = m.search(Map.of(), SearchOptions.options().sort("n", 1).limit(3).offset(5));
    assertEquals(List.of("6", "7"), ids(byOffset.items()));
    assertEquals(7L, byOffset.total(), "an offset page counts every match");
    assertNotNull(byOffset.prevCursor(), "an offset page can go back");
    Page<ObjectNode> back = m.search(Map.of(), SearchOptions.options().sort("n", 1).limit(3)
        .cursor(byOffset.prevCursor()));
    assertEquals(List.of("3", "4", "5"), ids(back.items()));
    Page<ObjectNode> offsetZero = m.search(Map.of(), SearchOptions.options().sort("n", 1).limit(3).offset(0));
    assertNull(offsetZero.prevCursor(), "offset 0 is the first page");
    Page<ObjectNode> unlimited = m.search(Map.of("n", 10), SearchOptions.options().limit(3));
    assertEquals(1L, unlimited.total());
  }

  @Test
  void aCachedCountShapeNeverDropsTheCallersWhereClauses() {
    fill();
    assertEquals(1, m.count(Map.of("tag", List.of("a", "b", "c")), SearchOptions.options().where("n > ?", 25)));
    assertEquals(3, m.count(Map.of("tag", List.of("a", "b", "c"))), "the plain shape is cached from here on");
    assertEquals(1, m.count(Map.of("tag", List.of("a", "b", "c")), SearchOptions.options().where("n > ?", 25)),
        "with a where clause the cached shape does not apply");
    assertEquals(2, m.count(Map.of("tag", List.of("a", "b", "c")), SearchOptions.options()
        .join("JOIN (SELECT 10 AS ten) t ON 1").where("n > t.ten")));
    assertTrue(m.exists(Map.of("n", 30), null));
    assertEquals(false, m.exists(Map.of("n", 30), SearchOptions.options().where("n < ?", 30)));
    assertEquals(60L, m.sum("n", Map.of(), null).longValue());
    assertEquals(30L, m.max("n", Map.of("tag", List.of("a", "c")), null).longValue());
    assertEquals(10L, m.min("n", Map.of("tag", List.of("a", "c")), SearchOptions.options().where("n < ?", 20))
        .longValue());
  }

  @Test
  void theNestingLimitHoldsForItemsAndAllowsExactlyAThousandLevels() {
    ObjectNode ok = obj("id", 9);
    ObjectNode cur = ok;
    for (int i = 1; i < 999; i++) {
      cur = cur.putObject("d");
    }
    m.set(ok);
    assertTrue(m.get(9).isPresent());
    ObjectNode deep = obj("id", 10);
    cur = deep;
    for (int i = 0; i < 1000; i++) {
      cur = cur.putObject("d");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.set(deep));
    assertEquals("JsonModel 'things': the value is nested more than 1000 levels deep", e.getMessage());
    assertTrue(m.get(10).isEmpty());
  }
}
