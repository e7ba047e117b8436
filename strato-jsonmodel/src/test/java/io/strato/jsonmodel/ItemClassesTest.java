package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.StratoException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records, POJOs and ObjectNode items; odd values; malformed data in the table. */
class ItemClassesTest {
  private final DB db = DB.memory();

  @AfterEach
  void close() {
    db.close();
  }

  record Address(String city, String zip) {}

  record Person(String id, String name, Integer age, Address address, List<String> tags) {}

  record Counter(Long id, String label) {}

  /** Every component present in every row, so Jackson calls the constructor as soon as it has all. */
  record Aged(String id, String name, Integer age) {}

  /** A classic mutable bean. */
  public static class Bean {
    private String id;
    private String title;
    private double price;
    private Map<String, Integer> stock;

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getTitle() {
      return title;
    }

    public void setTitle(String title) {
      this.title = title;
    }

    public double getPrice() {
      return price;
    }

    public void setPrice(double price) {
      this.price = price;
    }

    public Map<String, Integer> getStock() {
      return stock;
    }

    public void setStock(Map<String, Integer> stock) {
      this.stock = stock;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bean b && Objects.equals(id, b.id) && Objects.equals(title, b.title) && price == b.price
          && Objects.equals(stock, b.stock);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, title, price, stock);
    }
  }

  private <T> JsonModel<T> add(ModelConfig<T> cfg) {
    return db.addModel(d -> new JsonModel<>(d, cfg));
  }

  @Test
  void records() {
    JsonModel<Person> m = add(ModelConfig.builder("people", Person.class)
        .column("city", column().type(ColumnType.TEXT).path("address.city").index(IndexKind.DEFAULT))
        .column("tags", column().isArray())
        .column("age", column().type(ColumnType.INTEGER)).build());
    JsonModel<Counter> counters = add(ModelConfig.builder("counters", Counter.class)
        .column("id", column().type(ColumnType.INTEGER)).build());
    Person p = m.set(new Person(null, "Ann", 31, new Address("Gent", "9000"), List.of("a", "b")));
    assertNotNull(p.id());
    assertEquals(new Person(p.id(), "Ann", 31, new Address("Gent", "9000"), List.of("a", "b")), p);
    assertEquals(p, m.get(p.id()).orElseThrow());
    Person q = m.set(new Person("q", "Bob", null, null, null));
    assertEquals(q, m.get("q").orElseThrow());
    assertEquals(List.of(p), m.searchAll(Map.of("city", "Gent")));
    assertEquals(List.of(p), m.searchAll(Map.of("tags", "b")));
    assertEquals("Bob", m.update(Map.of("id", "q", "age", 5)).name());
    assertEquals(5, m.get("q").orElseThrow().age());
    Counter c = counters.set(new Counter(null, "x"));
    assertEquals(1L, c.id());
    assertEquals(c, counters.get(1L).orElseThrow());
  }

  @Test
  void recordsReadRowsWhoseJsonStillHoldsARealColumnsKey() {
    // Rows written before "age" became a real column (or by hand) keep the key in their json
    // too. Items are normally mapped from the json text with the column values appended; a
    // repeated key would make Jackson reject the record, so such rows go through the tree
    // merge, where the column value wins.
    JsonModel<Aged> m = add(ModelConfig.builder("legacy", Aged.class)
        .column("age", column().type(ColumnType.INTEGER)).build());
    db.run("INSERT INTO legacy(id, json, age) VALUES (?, ?, ?)", "old", "{\"name\":\"Old\",\"age\":1}", 2);
    db.run("INSERT INTO legacy(id, json, age) VALUES (?, ?, ?)", "new", "{\"name\":\"New\"}", 3);
    assertEquals(new Aged("old", "Old", 2), m.get("old").orElseThrow());
    assertEquals(new Aged("new", "New", 3), m.get("new").orElseThrow());
    assertEquals(List.of("New", "Old"), m.searchAll(null, options().sort("age", -1)).stream().map(Aged::name).toList());
  }

  @Test
  void pojos() {
    JsonModel<Bean> m = add(ModelConfig.builder("beans", Bean.class)
        .column("price", column().type(ColumnType.REAL).index(IndexKind.DEFAULT)).build());
    Bean b = new Bean();
    b.setTitle("Widget");
    b.setPrice(9.5);
    b.setStock(Map.of("gent", 3));
    Bean stored = m.set(b);
    assertNotNull(stored.getId());
    assertEquals(null, b.getId(), "the caller's object is not changed");
    assertEquals(stored, m.get(stored.getId()).orElseThrow());
    assertEquals(9.5, m.max("price", null, null).doubleValue());
    assertEquals(List.of(stored), m.searchAll(null, options().where("\"price\" > ?", 9)));
  }

  @Test
  void unicodeAndLargeValuesRoundTrip() {
    JsonModel<ObjectNode> m = add(ModelConfig.builder("texts")
        .column("t", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT)).build());
    String weird = "héllo wörld — 日本語 — עברית — 😀👍🏽 — e\u0301 — \u0000nul — \"quotes\" \\ ' ";
    ObjectNode a = m.set(obj("id", "ü-😀", "t", weird, "v", weird, "k " + weird, 1));
    assertEquals(a, m.get("ü-😀").orElseThrow());
    assertEquals(weird, m.get("ü-😀").orElseThrow().path("v").asText());
    assertEquals(weird, m.get(weird, "t").orElseThrow().path("t").asText());
    assertEquals(1, m.count(Map.of("t", weird)));
    String big = "x".repeat(1024 * 1024 - 3) + "end";
    ObjectNode b = m.set(obj("id", "big", "t", big, "v", big));
    assertEquals(b, m.get("big").orElseThrow());
    assertEquals(big, m.get("big").orElseThrow().path("v").asText());
    assertEquals(big.length(), m.get("big").orElseThrow().path("t").asText().length());
  }

  @Test
  void malformedJsonInTheTableIsAClearError() {
    JsonModel<ObjectNode> m = add(ModelConfig.builder("broken")
        .column("meta", column().type(ColumnType.JSON)).build());
    JsonModel<Person> people = add(ModelConfig.builder("people", Person.class).build());
    m.set(obj("id", "ok", "v", 1));
    m.set(obj("id", "bad", "v", 1));
    m.set(obj("id", "notObject", "v", 1));
    m.set(obj("id", "badMeta", "meta", Map.of("a", 1)));
    people.set(new Person("p", "Ann", 1, null, null));
    db.run("UPDATE broken SET json = '{\"v\": 1,' WHERE id = 'bad'");
    db.run("UPDATE broken SET json = '[1, 2]' WHERE id = 'notObject'");
    db.run("UPDATE broken SET meta = '{oops' WHERE id = 'badMeta'");
    db.run("UPDATE people SET json = '{\"age\": \"not a number\"}' WHERE id = 'p'");
    assertEquals(1, m.get("ok").orElseThrow().path("v").asInt());
    for (String id : List.of("bad", "notObject", "badMeta")) {
      StratoException e = assertThrows(StratoException.class, () -> m.get(id), id);
      assertTrue(e.getMessage().contains("broken"), e.getMessage());
    }
    StratoException e = assertThrows(StratoException.class, () -> m.get("badMeta"));
    assertTrue(e.getMessage().contains("meta"), e.getMessage());
    assertThrows(StratoException.class, () -> m.searchAll(null));
    assertThrows(StratoException.class, () -> m.getAll(List.of("ok", "bad")));
    e = assertThrows(StratoException.class, () -> people.get("p"));
    assertTrue(e.getMessage().contains("people"), e.getMessage());
    // the rest of the table stays usable
    assertEquals(4, m.count(null));
    assertFalse(m.searchAll(null, options().where("id = ?", "ok")).isEmpty());
  }

  @Test
  void itemsThatAreNotObjects() {
    JsonModel<String> strings = add(ModelConfig.builder("strings", String.class).build());
    assertThrows(IllegalArgumentException.class, () -> strings.set("just a string"));
  }
}
