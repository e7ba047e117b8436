package io.strato.reliability;

import static io.strato.jsonmodel.ColumnDef.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import io.strato.db.Sql;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.LoaderCache;
import io.strato.jsonmodel.ModelConfig;
import io.strato.jsonmodel.Page;
import io.strato.jsonmodel.SearchOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The promises of SECURITY.md, checked by watching every SQL statement the library runs (a
 * {@link DBListener}): user values — attribute values, ids, cursor contents, text-search terms,
 * limits — only ever travel as parameters, never in the SQL text; attribute keys, sort keys and
 * cols must be columns; numAggOp takes only a function name.
 */
@Timeout(30)
class SecurityTest {
  static final String MARK = "zq_inj_";
  DB db;
  JsonModel<ObjectNode> people;
  final List<QueryEvent> calls = Collections.synchronizedList(new ArrayList<>());
  AutoCloseable listener;

  @BeforeEach
  void setUp() {
    db = DB.memory();
    people = db.addModel(d -> new JsonModel<>(d, ModelConfig.builder("people")
        .column("name", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT))
        .column("bio", column().textSearch())
        .column("age", column().type(ColumnType.INTEGER).index(IndexKind.ALL))
        .column("tags", column().isArray())
        .column("team", column().in())
        .build()));
    for (int i = 0; i < 30; i++) {
      ObjectNode p = Bank.M.createObjectNode().put("id", "p" + i).put("name", "n" + (i % 7)).put("age", i % 5)
          .put("bio", i == 3 ? "100% sure_thing" : "plain bio " + i).put("team", "t" + (i % 3));
      p.putArray("tags").add("a").add("t" + i);
      people.set(p);
    }
    listener = db.addListener(new DBListener() {
      @Override
      public void onCall(QueryEvent call) {
        calls.add(call);
      }
    });
  }

  @AfterEach
  void tearDown() throws Exception {
    listener.close();
    db.close();
  }

  /** Runs fn and asserts that no SQL text it caused contains the marker (parameters may). */
  void assertOnlyBound(String what, Runnable fn) {
    calls.clear();
    RuntimeException thrown = null;
    try {
      fn.run();
    } catch (RuntimeException e) {
      thrown = e;
    }
    assertFalse(calls.isEmpty() && thrown == null, what + ": no SQL observed");
    for (QueryEvent q : new ArrayList<>(calls)) {
      assertFalse(q.sql().contains(MARK), what + ": user value pasted into SQL: " + q.sql());
    }
    if (thrown != null) {
      assertTrue(thrown instanceof IllegalArgumentException || thrown instanceof io.strato.db.StratoException,
          what + ": " + thrown);
    }
    assertEquals(30, people.count(Map.of()), what + ": table intact");
  }

  @Test
  void valuesAreAlwaysBoundAsParameters() {
    String evil = MARK + "' OR 1=1 --";
    assertOnlyBound("search value", () -> assertTrue(people.search(Map.of("name", evil), null).items().isEmpty()));
    assertOnlyBound("textSearch value", () -> assertTrue(people.search(Map.of("bio", evil), null).items().isEmpty()));
    assertOnlyBound("isArray value", () -> assertTrue(people.search(Map.of("tags", evil), null).items().isEmpty()));
    assertOnlyBound("in value", () -> assertTrue(people.search(Map.of("team", List.of(evil, MARK + "\"")), null)
        .items().isEmpty()));
    assertOnlyBound("get id", () -> assertTrue(people.get(evil).isEmpty()));
    assertOnlyBound("get by column", () -> assertTrue(people.get(evil, "name").isEmpty()));
    assertOnlyBound("getAll ids", () -> assertEquals(Collections.singletonList(null), people.getAll(List.of(evil))));
    assertOnlyBound("getCached", () -> assertEquals(null, people.getCached(new LoaderCache(), evil)));
    assertOnlyBound("exists", () -> assertFalse(people.exists(evil)));
    assertOnlyBound("count", () -> assertEquals(0, people.count(Map.of("name", evil))));
    assertOnlyBound("remove", () -> people.remove(evil));
    assertOnlyBound("changeId", () -> assertThrows(io.strato.db.StratoException.class, () -> people.changeId(evil, MARK)));
    assertOnlyBound("set and read back", () -> {
      people.set(Bank.M.createObjectNode().put("id", evil).put("name", evil).put("bio", evil));
      assertEquals(evil, people.get(evil).orElseThrow().path("name").asText());
      people.remove(evil);
    });
    assertOnlyBound("update", () -> people.update(Map.of("id", "p1", "bio", evil)));
    assertOnlyBound("where params", () -> assertEquals(List.of("p1"), people.search(null, SearchOptions.options()
        .where("json_extract(json, '$.bio') = ?", evil)).items().stream().map(p -> p.path("id").asText()).toList()));
    assertOnlyBound("limit and offset", () -> people.search(null, SearchOptions.options().sort("name", 1).limit(3)
        .offset(2)));
  }

  @Test
  void textSearchEscapesWildcards() {
    Page<ObjectNode> pct = people.search(Map.of("bio", "%"), null);
    assertEquals(List.of("p3"), pct.items().stream().map(p -> p.path("id").asText()).toList(), "'%' is a literal");
    Page<ObjectNode> us = people.search(Map.of("bio", "_"), null);
    assertEquals(List.of("p3"), us.items().stream().map(p -> p.path("id").asText()).toList(), "'_' is a literal");
  }

  @Test
  void attributeKeysSortKeysAndColsMustBeColumns() {
    // (json is a real column of every model — the rest of the object — so it is a valid key)
    for (String key : List.of("rowid", "nope", "name OR 1=1", "name\" OR \"1\"=\"1", "", "id; DROP TABLE people")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> people.search(Map.of(key, 1), null), key);
      assertTrue(e.getMessage().contains("Unknown column"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> people.count(Map.of(key, 1)), key);
    }
    for (String sort : List.of("nope", "length(name)", "name DESC", "name; DROP TABLE people")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> people.search(null, SearchOptions.options().sort(sort, 1)), sort);
      assertTrue(e.getMessage().contains("sortSql"), "the error points to sortSql: " + e.getMessage());
    }
    // explicit SQL is accepted only through sortSql
    List<String> byLength = people.search(null, SearchOptions.options().sortSql("length(json_extract(json, '$.bio'))", -1)
        .sort("id", 1).limit(1)).items().stream().map(p -> p.path("id").asText()).toList();
    assertEquals(List.of("p3"), byLength);
    for (String col : List.of("nope", "name, (SELECT 1)", "rowid")) {
      assertThrows(IllegalArgumentException.class, () -> people.search(null, SearchOptions.options().cols(col)), col);
    }
    assertEquals(30, people.search(null, SearchOptions.options().cols("name")).items().size());
    for (String fn : List.of("max(age)", "max;", "max age", "count(*) FROM people --", "")) {
      assertThrows(IllegalArgumentException.class, () -> people.numAggOp(fn, "age", null, null), fn);
    }
    assertEquals(4, people.numAggOp("max", "age", null, null).intValue());
    assertEquals(30, people.count(Map.of()));
  }

  @Test
  void cursorContentsAreOnlyBound() throws Exception {
    SearchOptions base = SearchOptions.options().sort("name", 1).limit(4);
    Page<ObjectNode> first = people.search(null, base);
    JsonNode decoded = BadInputTest.decodeCursor(first.cursor());
    int sig = decoded.get(1).intValue();
    for (String evil : List.of(MARK + "' OR 1=1 --", MARK + "\"; DROP TABLE people; --", MARK + ") OR (1=1")) {
      String forged = BadInputTest.forgeCursor(Bank.M.writeValueAsString(List.of("a", sig, evil, evil)));
      assertOnlyBound("forged cursor " + evil, () -> {
        Page<ObjectNode> p = people.search(null, SearchOptions.options().sort("name", 1).limit(4).cursor(forged));
        // a normal keyset page after the forged boundary: names sort after "zq_..." — none
        assertTrue(p.items().isEmpty(), "rows after the boundary " + evil + ": " + p.items());
      });
      String before = BadInputTest.forgeCursor(Bank.M.writeValueAsString(List.of("b", sig, evil, evil)));
      assertOnlyBound("forged prev cursor " + evil, () -> {
        Page<ObjectNode> p = people.search(null, SearchOptions.options().sort("name", 1).limit(4).cursor(before));
        assertEquals(4, p.items().size(), "the last page before the boundary");
      });
    }
    // a number where a text sorts, and text where a number sorts: still only data
    Page<ObjectNode> byAge = people.search(null, SearchOptions.options().sort("age", 1).limit(4));
    int ageSig = BadInputTest.decodeCursor(byAge.cursor()).get(1).intValue();
    String mixed = BadInputTest.forgeCursor(Bank.M.writeValueAsString(List.of("a", ageSig, MARK + "1 OR 1=1", 5)));
    assertOnlyBound("text in a numeric cursor", () -> people.search(null, SearchOptions.options().sort("age", 1).limit(4)
        .cursor(mixed)));
    // Sql.id quotes identifiers
    assertEquals("\"a\"\"b\"", Sql.quoteId("a\"b"));
  }
}
