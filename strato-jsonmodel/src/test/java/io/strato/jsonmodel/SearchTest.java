package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static io.strato.jsonmodel.TestSupport.ids;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Search options: where, join, sort, limit, offset, cols, distinct, noTotal, noCursor, total. */
class SearchTest {
  private final DB db = DB.memory();
  private JsonModel<ObjectNode> people;
  private JsonModel<ObjectNode> pets;

  @BeforeEach
  void setUp() {
    people = model(db, ModelConfig.builder("people")
        .column("age", column().type(ColumnType.INTEGER).index(IndexKind.DEFAULT))
        .column("city", column().index(IndexKind.DEFAULT))
        .column("name", column().type(ColumnType.TEXT)));
    pets = model(db, ModelConfig.builder("pets")
        .column("owner", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT)));
    people.set(obj("id", "p1", "name", "ann", "age", 30, "city", "Gent"));
    people.set(obj("id", "p2", "name", "bob", "age", 30, "city", "Antwerp"));
    people.set(obj("id", "p3", "name", "cid", "age", 20, "city", "Gent"));
    people.set(obj("id", "p4", "name", "dan", "age", 40, "city", "Brugge"));
    people.set(obj("id", "p5", "name", "eve", "city", "Gent"));
    pets.set(obj("id", "c1", "owner", "p1", "kind", "cat"));
    pets.set(obj("id", "c2", "owner", "p1", "kind", "cat"));
    pets.set(obj("id", "d1", "owner", "p2", "kind", "dog"));
    pets.set(obj("id", "c3", "owner", "p4", "kind", "cat"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void whereWithParams() {
    assertEquals(Set.of("p1", "p2", "p4"),
        new HashSet<>(ids(people.searchAll(null, options().where("\"age\" >= ?", 30)))));
    assertEquals(Set.of("p1"), new HashSet<>(ids(people.searchAll(Map.of("city", "Gent"),
        options().where("\"age\" >= ?", 25).where("\"name\" != ?", "zzz")))));
    Page<ObjectNode> p = people.search(null, options().where("\"name\" IN (?, ?)", "ann", "eve"));
    assertEquals(2L, p.total());
  }

  @Test
  void joinWithParams() {
    SearchOptions o = options()
        .join("JOIN pets ON pets.owner = people.id AND json_extract(pets.json, '$.kind') = ?", "cat")
        .where("people.\"age\" > ?", 25)
        .cols("id", "name").distinct().sort("name", 1);
    Page<ObjectNode> p = people.search(null, o);
    assertEquals(List.of("p1", "p4"), ids(p.items()));
    assertEquals(2L, p.total());
    // without distinct: one row per pet
    List<ObjectNode> rows = people.searchAll(null, options()
        .join("JOIN pets ON pets.owner = people.id AND json_extract(pets.json, '$.kind') = ?", "cat").cols("id"));
    assertEquals(3, rows.size());
    assertEquals(3, people.count(null, options()
        .join("JOIN pets ON pets.owner = people.id AND json_extract(pets.json, '$.kind') = ?", "cat")));
  }

  @Test
  void sortPrecedenceAndDirection() {
    assertEquals(List.of("p5", "p3", "p2", "p1", "p4"),
        ids(people.searchAll(null, options().sort("age", 1).sort("name", -2))));
    assertEquals(List.of("p2", "p4", "p1", "p3", "p5"),
        ids(people.searchAll(null, options().sort("age", -2).sort("city", 1))));
    assertEquals(List.of("p4", "p1", "p2", "p3", "p5"),
        ids(people.searchAll(null, options().sort("age", -1).sort("name", 2))));
    assertEquals(List.of("p5", "p4", "p3", "p2", "p1"),
        ids(people.searchAll(null, options().sortSql("json_extract(json, '$.name')", -1))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> people.searchAll(null, options().sort("age; DROP TABLE people", 1)));
    assertTrue(e.getMessage().contains("Unknown column"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> options().sort("age", 0));
    assertThrows(IllegalArgumentException.class, () -> options().sort(null, 1));
    assertEquals(5, people.count(null));
  }

  @Test
  void limitOffsetAndTotal() {
    Page<ObjectNode> p = people.search(null, options().sort("name", 1).limit(2));
    assertEquals(List.of("p1", "p2"), ids(p.items()));
    assertEquals(5L, p.total());
    assertNotNull(p.cursor());
    p = people.search(null, options().sort("name", 1).limit(2).offset(2));
    assertEquals(List.of("p3", "p4"), ids(p.items()));
    assertEquals(5L, p.total());
    p = people.search(Map.of("city", "Gent"), options().sort("name", 1).limit(2).offset(2));
    assertEquals(List.of("p5"), ids(p.items()));
    assertEquals(3L, p.total());
    assertNull(p.cursor());
    assertEquals(List.of("p4", "p5"), ids(people.searchAll(null, options().sort("name", 1).offset(3))));
    p = people.search(Map.of("city", "Gent"), null);
    assertEquals(3L, p.total());
    assertNull(p.cursor());
    assertThrows(IllegalArgumentException.class, () -> options().limit(0));
    assertThrows(IllegalArgumentException.class, () -> options().offset(-1));
  }

  @Test
  void colsLimitTheKeys() {
    List<ObjectNode> rows = people.searchAll(Map.of("city", "Gent"), options().cols("id", "age").sort("id", 1));
    assertEquals(3, rows.size());
    for (ObjectNode n : rows) {
      Set<String> keys = new HashSet<>();
      n.fieldNames().forEachRemaining(keys::add);
      assertTrue(Set.of("id", "age").containsAll(keys) && keys.contains("id"), n.toString());
    }
    assertEquals(30, rows.get(0).path("age").asInt());
    // virtual column in cols
    ObjectNode one = people.searchAll(Map.of("city", "Brugge"), options().cols("city")).get(0);
    assertEquals(obj("city", "Brugge"), one);
    // paged search with cols still pages
    Page<ObjectNode> p = people.search(null, options().cols("name").sort("age", 1).limit(2));
    assertEquals(2, p.items().size());
    assertTrue(p.items().get(0).has("name") && p.items().get(0).size() == 1, p.items().toString());
    Page<ObjectNode> p2 = people.search(null, options().cols("name").sort("age", 1).limit(2).cursor(p.cursor()));
    assertEquals(List.of("ann", "bob"), List.of(p2.items().get(0).path("name").asText(), p2.items().get(1).path("name").asText()));
    assertThrows(IllegalArgumentException.class, () -> people.searchAll(null, options().cols("nope")));
  }

  @Test
  void distinctValues() {
    List<ObjectNode> cities = people.searchAll(null, options().cols("city").distinct().sort("city", 1));
    assertEquals(List.of("Antwerp", "Brugge", "Gent"), cities.stream().map(n -> n.path("city").asText()).toList());
    assertEquals(3L, people.search(null, options().cols("city").distinct()).total());
    assertEquals(3L, people.count(null, options().cols("city").distinct()), "count honours distinct");
    assertTrue(people.count(null, null) > 3, "without distinct every person counts");
    // paged DISTINCT: the tie-breakers are the selected values, not the rowId
    Page<ObjectNode> p = people.search(null, options().cols("city").distinct().limit(2));
    assertEquals(3L, p.total());
    List<String> all = new java.util.ArrayList<>();
    p.items().forEach(n -> all.add(n.path("city").asText()));
    p = people.search(null, options().cols("city").distinct().limit(2).cursor(p.cursor()));
    p.items().forEach(n -> all.add(n.path("city").asText()));
    assertNull(p.cursor());
    assertEquals(List.of("Antwerp", "Brugge", "Gent"), all.stream().sorted().toList());
    assertEquals(3, new HashSet<>(all).size(), all.toString());
  }

  @Test
  void noTotalAndNoCursor() {
    Page<ObjectNode> p = people.search(null, options().sort("name", 1).limit(2).noTotal());
    assertNull(p.total());
    assertNotNull(p.cursor());
    p = people.search(null, options().sort("name", 1).limit(2).noCursor());
    assertNull(p.total());
    assertNull(p.cursor());
    assertNull(p.prevCursor());
    assertEquals(2, p.items().size());
    SelectQuery q = people.makeSelect(null, options().limit(2).noTotal());
    assertNull(q.totalSql());
    q = people.makeSelect(null, options().limit(2));
    assertNotNull(q.totalSql());
  }

  @Test
  void totalCountsAllMatchesEvenOnLaterPages() {
    for (int i = 0; i < 40; i++) {
      people.set(obj("id", "x" + i, "age", i, "city", i % 2 == 0 ? "Even" : "Odd"));
    }
    String cursor = null;
    int pages = 0;
    do {
      Page<ObjectNode> p = people.search(Map.of("city", "Even"), options().sort("age", 1).limit(6).cursor(cursor));
      assertEquals(20L, p.total());
      cursor = p.cursor();
      pages++;
    } while (cursor != null);
    assertTrue(pages >= 4 && pages <= 5, "pages " + pages);
  }

  @Test
  void makeSelectIsOverridable() {
    DB db2 = DB.memory();
    ModelConfig<ObjectNode> cfg = ModelConfig.builder("tenanted").column("tenant", column()).build();
    JsonModel<ObjectNode> m = db2.addModel(d -> new JsonModel<>(d, cfg) {
      @Override
      public SelectQuery makeSelect(Map<String, ?> attrs, SearchOptions options) {
        SearchOptions o = (options == null ? options() : options.copy()).where("json_extract(json, '$.tenant') = ?", "a");
        return super.makeSelect(attrs, o);
      }
    });
    m.set(obj("id", "1", "tenant", "a"));
    m.set(obj("id", "2", "tenant", "b"));
    assertEquals(List.of("1"), ids(m.searchAll(null)));
    assertEquals(1L, m.search(null, options().limit(5)).items().size());
    db2.close();
  }
}
