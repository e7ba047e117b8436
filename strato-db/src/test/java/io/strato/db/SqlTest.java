package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@link Sql} builder: text, identifiers, literals, parameters, JSON. */
class SqlTest {

  @Test
  void buildsTextAndParams() {
    Sql q = Sql.of("SELECT * FROM ").id("my table").sql(" WHERE n > ").param(3).sql(" AND m = ").lit(7)
        .sql(" AND s = ").param("x");
    assertEquals("SELECT * FROM \"my table\" WHERE n > ? AND m = 7 AND s = ?", q.text());
    assertEquals(List.of(3, "x"), q.params());
    assertThrows(UnsupportedOperationException.class, () -> q.params().add(1));
    assertTrue(q.toString().contains("my table"));
  }

  @Test
  void identifiersAreQuotedWithInnerQuotesDoubled() {
    assertEquals("\"plain\"", Sql.quoteId("plain"));
    assertEquals("\"my \"\"odd\"\" table\"", Sql.quoteId("my \"odd\" table"));
    assertEquals("\"\"\"\"", Sql.quoteId("\""));
    assertEquals("\"{sdb} migrations\"", Sql.quoteId("{sdb} migrations"));
    assertEquals("\"a'b\"", Sql.of("").id("a'b").text());
    assertThrows(IllegalArgumentException.class, () -> Sql.quoteId(null));
    assertThrows(IllegalArgumentException.class, () -> Sql.quoteId(""));
    assertThrows(IllegalArgumentException.class, () -> Sql.of("").id(null));
    assertThrows(IllegalArgumentException.class, () -> Sql.quoteId("a\0b"));
    assertThrows(IllegalArgumentException.class, () -> Sql.quoteId("\0a"), "NUL first");
  }

  @Test
  void quotedIdentifiersWorkInSqlite() {
    try (DB db = DB.memory()) {
      String table = "we\"ird ta'ble; DROP TABLE x";
      String col = "co\"l";
      db.exec("CREATE TABLE x(y)");
      db.exec(Sql.of("CREATE TABLE ").id(table).sql("(").id(col).sql(" TEXT)").text());
      db.run(Sql.of("INSERT INTO ").id(table).sql(" VALUES (").param("v").sql(")"));
      Row r = db.get(Sql.of("SELECT ").id(col).sql(" FROM ").id(table)).orElseThrow();
      assertEquals("v", r.getString(col));
      assertEquals(1, db.all("SELECT * FROM x").size() + 1, "x still exists");
      assertEquals(1L, db.get(Sql.of("SELECT count(*) AS c FROM sqlite_master WHERE name = ").param(table))
          .orElseThrow().getLong("c"));
    }
  }

  @Test
  void literalsArePastedAsIs() {
    assertEquals("LIMIT 10", Sql.of("LIMIT ").lit(10).text());
    assertEquals("x = 1.5", Sql.of("x = ").lit(1.5).text());
    assertEquals("x IS null", Sql.of("x IS ").lit(null).text());
    assertTrue(Sql.of("LIMIT ").lit(10).params().isEmpty());
  }

  @Test
  void nullTextIsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> Sql.of(null));
    assertThrows(IllegalArgumentException.class, () -> Sql.of("a").sql(null));
  }

  @Test
  void paramsKeepValuesIncludingNull() {
    Sql q = Sql.of("VALUES (").param(null).sql(", ").param(true).sql(", ").param(new byte[] {1}).sql(")");
    assertEquals("VALUES (?, ?, ?)", q.text());
    assertEquals(3, q.params().size());
    assertNull(q.params().get(0));
    assertEquals(true, q.params().get(1));
  }

  @Test
  void jsonSerialisesPlainValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "he said \"hi\"\\ \n\t");
    m.put("n", 1);
    m.put("d", 2.5);
    m.put("b", true);
    m.put("nil", null);
    m.put("list", List.of(1, "two", List.of()));
    m.put("arr", new int[] {1, 2});
    m.put("u", "日本 😀 \u2028");
    m.put("ctl", "\u0001");
    Sql q = Sql.of("SELECT ").json(m);
    assertEquals("SELECT ?", q.text());
    String json = (String) q.params().get(0);
    assertEquals("{\"s\":\"he said \\\"hi\\\"\\\\ \\n\\t\",\"n\":1,\"d\":2.5,\"b\":true,\"nil\":null,"
        + "\"list\":[1,\"two\",[]],\"arr\":[1,2],\"u\":\"日本 😀 \\u2028\",\"ctl\":\"\\u0001\"}", json);
    assertEquals("\"quote\\\"d\"", Sql.of("").json("quote\"d").params().get(0));
    assertEquals("null", Sql.of("").json(null).params().get(0));
    assertEquals("[\"a\",\"b\"]", Sql.of("").json(new String[] {"a", "b"}).params().get(0));
    assertEquals("42", Sql.of("").json(42L).params().get(0));
    assertEquals("\"SECONDS\"", Sql.of("").json(java.util.concurrent.TimeUnit.SECONDS).params().get(0));
  }

  @Test
  void jsonIsValidForSqlite() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "O'Brien \"the\" ünïcödé 😀");
    m.put("tags", Arrays.asList("a", null, "c\\d"));
    m.put("nested", Map.of("k", List.of(Map.of("x", 1))));
    try (DB db = DB.memory()) {
      Row r = db.get(Sql.of("SELECT json_valid(").json(m).sql(") AS ok, json_extract(").json(m)
          .sql(", '$.name') AS name, json_extract(").json(m).sql(", '$.tags[2]') AS tag, json_extract(")
          .json(m).sql(", '$.nested.k[0].x') AS x")).orElseThrow();
      assertEquals(1L, r.getLong("ok"));
      assertEquals("O'Brien \"the\" ünïcödé 😀", r.getString("name"));
      assertEquals("c\\d", r.getString("tag"));
      assertEquals(1L, r.getLong("x"));
    }
  }

  @Test
  void jsonRejectsUnsupportedValues() {
    assertThrows(IllegalArgumentException.class, () -> Sql.of("").json(new Object()));
    assertThrows(IllegalArgumentException.class, () -> Sql.of("").json(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Sql.of("").json(List.of(Double.POSITIVE_INFINITY)));
  }
}
