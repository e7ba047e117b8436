package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static io.strato.jsonmodel.TestSupport.ids;
import static io.strato.jsonmodel.TestSupport.indexSql;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.norm;
import static io.strato.jsonmodel.TestSupport.obj;
import static io.strato.jsonmodel.TestSupport.rawRow;
import static io.strato.jsonmodel.TestSupport.tableInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.db.StratoException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every column option of SPEC §2.2, checked against the table and the results. */
class ColumnOptionsTest {
  private final DB db = DB.memory();

  @AfterEach
  void close() {
    db.close();
  }

  private Set<String> searchIds(JsonModel<ObjectNode> m, Map<String, ?> attrs) {
    return new TreeSet<>(ids(m.searchAll(attrs)));
  }

  @Test
  void realColumnsExistHoldTheValueAndAreNotDuplicatedInJson() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("n", column().type(ColumnType.INTEGER))
        .column("b", column().real())
        .column("f", column().real().falsyBool())
        .column("r", column().type(ColumnType.REAL)));
    m.set(obj("id", "a", "n", 5, "b", "blob", "f", true, "r", 1.5, "other", "x"));
    Map<String, String> info = tableInfo(db, "t");
    assertEquals("INTEGER", info.get("n"));
    assertEquals("BLOB", info.get("b"));
    assertEquals("INTEGER", info.get("f"), "real falsyBool without type is INTEGER");
    assertEquals("REAL", info.get("r"));
    Row row = rawRow(db, "t", "id", "a");
    assertEquals(5L, row.get("n"));
    assertEquals("blob", row.get("b"));
    assertEquals(1L, row.get("f"));
    assertEquals(1.5, row.get("r"));
    ObjectNode json = (ObjectNode) readJson(row);
    assertFalse(json.has("n") || json.has("b") || json.has("f") || json.has("r") || json.has("id"), json.toString());
    assertEquals("x", json.path("other").asText());
    ObjectNode got = m.get("a").orElseThrow();
    assertEquals(norm(obj("id", "a", "n", 5, "b", "blob", "f", true, "r", 1.5, "other", "x")), norm(got));
  }

  private static com.fasterxml.jackson.databind.JsonNode readJson(Row row) {
    try {
      return TestSupport.M.readTree(row.getString("json"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void nestedPathRealColumn() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("city", column().type(ColumnType.TEXT).path("addr.city").index(IndexKind.DEFAULT)));
    ObjectNode in = obj("id", "a", "addr", Map.of("city", "Gent", "zip", "9000"));
    ObjectNode stored = m.set(in);
    assertEquals(in, stored);
    assertEquals(in, m.get("a").orElseThrow());
    Row row = rawRow(db, "t", "id", "a");
    assertEquals("Gent", row.get("city"));
    assertEquals("{\"addr\":{\"zip\":\"9000\"}}", row.getString("json"));
    m.set(obj("id", "b", "addr", Map.of("city", "Brussel")));
    assertEquals(Set.of("a"), searchIds(m, Map.of("city", "Gent")));
    assertEquals("b", m.get("Brussel", "city").orElseThrow().path("id").asText());
  }

  @Test
  void virtualColumnSearchesWithJsonExtract() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("color", column())
        .column("deep", column().path("a.b.c")));
    m.set(obj("id", "1", "color", "red", "a", Map.of("b", Map.of("c", 3))));
    m.set(obj("id", "2", "color", "blue", "a", Map.of("b", Map.of("c", 4))));
    assertFalse(tableInfo(db, "t").containsKey("color"), "virtual columns are not table columns");
    SelectQuery q = m.makeSelect(Map.of("color", "red"), options());
    assertTrue(q.sql().contains("json_extract(\"t\".\"json\", '$.color')"), q.sql());
    assertEquals(Set.of("1"), searchIds(m, Map.of("color", "red")));
    assertEquals(Set.of("2"), searchIds(m, Map.of("deep", 4)));
    // virtual columns are not "get" by default but the value is in the json anyway
    assertEquals("red", m.get("1").orElseThrow().path("color").asText());
  }

  @Test
  void virtualColumnBelowJsonColumnUsesTheParent() {
    // the JSON column is defined after another column: auto aliases must not clash
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("first", column())
        .column("info", column().type(ColumnType.JSON))
        .column("info2", column().type(ColumnType.JSON))
        .column("infoName", column().path("info.name").index(IndexKind.DEFAULT)));
    assertEquals("json_extract(\"t\".\"info\", '$.name')", m.columns().get("infoName").sql());
    m.set(obj("id", "1", "info", Map.of("name", "ann", "age", 3), "info2", List.of(1, 2)));
    m.set(obj("id", "2", "info", Map.of("name", "bob")));
    assertEquals(Set.of("2"), searchIds(m, Map.of("infoName", "bob")));
    Row row = rawRow(db, "t", "id", "1");
    assertTrue(row.getString("info").contains("\"name\":\"ann\""));
    assertEquals("[1,2]", row.getString("info2"));
    assertEquals(obj("id", "1", "info", Map.of("name", "ann", "age", 3), "info2", List.of(1, 2)), m.get("1").orElseThrow());
    assertTrue(indexSql(db, "t_infoName").contains("json_extract(\"info\", '$.name')"), indexSql(db, "t_infoName"));
  }

  @Test
  void realColumnInsideARealJsonColumn() {
    // the child is defined after its parent, and the other way round
    for (boolean childFirst : new boolean[] {false, true}) {
      DB db2 = DB.memory();
      ModelConfig.Builder<ObjectNode> b = ModelConfig.builder("t");
      if (childFirst) {
        b.column("infoName", column().type(ColumnType.TEXT).path("info.name").index(IndexKind.DEFAULT));
      }
      b.column("info", column().type(ColumnType.JSON));
      if (!childFirst) {
        b.column("infoName", column().type(ColumnType.TEXT).path("info.name").index(IndexKind.DEFAULT));
      }
      JsonModel<ObjectNode> m = model(db2, b);
      ObjectNode in = obj("id", "1", "info", Map.of("name", "ann", "age", 3));
      ObjectNode stored = m.set(in);
      assertEquals(norm(in), norm(stored), "childFirst " + childFirst);
      assertEquals(norm(in), norm(m.get("1").orElseThrow()), "childFirst " + childFirst);
      Row row = rawRow(db2, "t", "id", "1");
      assertEquals("ann", row.get("infoName"), "childFirst " + childFirst);
      assertEquals("{\"age\":3}", row.get("info"), "childFirst " + childFirst);
      assertEquals(1, m.count(Map.of("infoName", "ann")));
      db2.close();
    }
  }

  @Test
  void sqlColumnSelectsAndFilters() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("upper", column().sql("upper(json_extract(json, '$.name'))").get(true))
        .column("len", column().sql("length(json_extract(json, '$.name'))")));
    m.set(obj("id", "1", "name", "ann"));
    m.set(obj("id", "2", "name", "bobby"));
    assertEquals("ANN", m.get("1").orElseThrow().path("upper").asText());
    assertEquals(Set.of("2"), searchIds(m, Map.of("upper", "BOBBY")));
    assertEquals(Set.of("2"), searchIds(m, Map.of("len", 5)));
    assertFalse(m.get("2").orElseThrow().has("len"), "sql columns are not selected unless get(true)");
  }

  @Test
  void aliasIsUsedAndClashesAreErrors() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t").column("x", column().alias("myX").get(true)));
    assertTrue(m.makeSelect(null, options()).sql().contains("AS \"myX\""));
    m.set(obj("id", "1", "x", 3));
    assertEquals(3, m.get("1").orElseThrow().path("x").asInt());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("t")
        .column("a", column().alias("z")).column("b", column().alias("z")).build());
    assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("z"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("t").column("a", column().alias("_i")).build());
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    // an explicit alias that looks like an automatic one is not an error: automatic ones avoid it
    ModelConfig<ObjectNode> cfg = ModelConfig.builder("t")
        .column("a", column()).column("b", column().alias("_1")).column("c", column().alias("_2")).build();
    assertEquals(4, cfg.columns().values().stream().map(Column::alias).distinct().count() - 1);
  }

  @Test
  void getFalseHidesRealColumnButKeepsItSearchable() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("len", column().type(ColumnType.INTEGER).get(false).value(o -> o.path("name").asText().length()))
        .column("code", column().type(ColumnType.TEXT).get(false))
        .column("shout", column().sql("upper(json_extract(json, '$.name'))").get(true)));
    ObjectNode stored = m.set(obj("id", "1", "name", "ann", "code", "c1"));
    ObjectNode got = m.get("1").orElseThrow();
    assertEquals(got, stored);
    assertFalse(got.has("len"), got.toString());
    assertEquals("ANN", got.path("shout").asText());
    assertEquals(3L, rawRow(db, "t", "id", "1").get("len"));
    assertEquals(Set.of("1"), searchIds(m, Map.of("len", 3)));
    assertEquals(Set.of("1"), searchIds(m, Map.of("code", "c1")));
    // a get(false) column's own value is not lost: it survives a read-modify-write
    assertEquals("c1", got.path("code").asText(), got.toString());
    m.update(Map.of("id", "1", "name", "anna"));
    assertEquals("c1", rawRow(db, "t", "id", "1").get("code"));
    assertEquals(4L, rawRow(db, "t", "id", "1").get("len"));
  }

  @Test
  void valueIsComputedAtWriteTimeAndMayQueryTheModel() {
    @SuppressWarnings("unchecked")
    JsonModel<ObjectNode>[] self = new JsonModel[1];
    self[0] = model(db, ModelConfig.builder("t")
        .column("full", column().type(ColumnType.TEXT).value(o -> o.path("first").asText() + " " + o.path("last").asText()))
        .column("seq", column().value(o -> self[0].count(null) + 1)));
    JsonModel<ObjectNode> m = self[0];
    m.set(obj("id", "1", "first", "Ada", "last", "Lovelace"));
    ObjectNode b = m.set(obj("id", "2", "first", "Alan", "last", "Turing", "full", "ignored"));
    assertEquals("Alan Turing", b.path("full").asText());
    assertEquals("Ada Lovelace", rawRow(db, "t", "id", "1").get("full"));
    assertEquals(2, b.path("seq").asInt());
    assertEquals(Set.of("2"), searchIds(m, Map.of("seq", 2)));
  }

  @Test
  void defaultValue() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("n", column().type(ColumnType.INTEGER).defaultValue(7))
        .column("v", column().defaultValue("none"))
        .column("s", column().sql("json_extract(json, '$.s')").defaultValue(42)));
    ObjectNode a = m.set(obj("id", "a"));
    assertEquals(7, a.path("n").asInt());
    assertEquals("none", a.path("v").asText());
    assertEquals(a, m.get("a").orElseThrow());
    assertEquals(7L, rawRow(db, "t", "id", "a").get("n"));
    m.set(obj("id", "b", "n", 1, "v", "x", "s", 1));
    assertEquals(Set.of("a"), searchIds(m, Map.of("s", 42)), "sql default applies to reads of a missing value");
    assertEquals(Set.of("a"), searchIds(m, Map.of("v", "none")));
  }

  @Test
  void requiredNullIsAnErrorNamingTheColumn() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("email", column().type(ColumnType.TEXT).required())
        .column("name", column().required()));
    m.set(obj("id", "ok", "email", "a@b", "name", "x"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.set(obj("id", "1", "name", "x")));
    assertTrue(e.getMessage().contains("'email'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.set(obj("id", "2", "email", "e", "name", null)));
    assertTrue(e.getMessage().contains("'name'"), e.getMessage());
    assertEquals(1, m.count(null));
  }

  @Test
  void falsyBool() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("done", column().falsyBool())
        .column("flag", column().real().falsyBool().index(IndexKind.DEFAULT)));
    m.set(obj("id", "1", "done", true, "flag", true));
    m.set(obj("id", "2", "done", false, "flag", false));
    m.set(obj("id", "3", "done", 0, "flag", ""));
    m.set(obj("id", "4"));
    m.set(obj("id", "5", "done", "yes", "flag", 1));
    assertEquals(obj("id", "1", "done", true, "flag", true), m.get("1").orElseThrow());
    assertEquals(obj("id", "2"), m.get("2").orElseThrow());
    assertEquals(obj("id", "3"), m.get("3").orElseThrow());
    assertEquals(obj("id", "5", "done", true, "flag", true), m.get("5").orElseThrow());
    assertEquals("{}", rawRow(db, "t", "id", "2").getString("json"));
    assertNull(rawRow(db, "t", "id", "2").get("flag"));
    assertEquals(Set.of("1", "5"), searchIds(m, Map.of("done", true)));
    assertEquals(Set.of("2", "3", "4"), searchIds(m, Map.of("done", false)));
    assertEquals(Set.of("1", "5"), searchIds(m, Map.of("flag", true)));
    assertEquals(Set.of("2", "3", "4"), searchIds(m, Map.of("flag", false)));
  }

  @Test
  void alwaysObject() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("meta", column().type(ColumnType.JSON).alwaysObject()));
    ObjectNode a = m.set(obj("id", "a"));
    assertEquals(obj("id", "a", "meta", Map.of()), a);
    assertEquals(a, m.get("a").orElseThrow());
    assertNull(rawRow(db, "t", "id", "a").get("meta"));
    m.set(obj("id", "b", "meta", Map.of()));
    assertNull(rawRow(db, "t", "id", "b").get("meta"), "{} is stored as NULL");
    m.set(obj("id", "c", "meta", Map.of("k", 1)));
    assertEquals("{\"k\":1}", rawRow(db, "t", "id", "c").get("meta"));
    assertEquals(1, m.get("c").orElseThrow().path("meta").path("k").asInt());
  }

  @Test
  void parseAndStringify() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("tags", column().type(ColumnType.TEXT)
            .stringify(v -> v == null ? null : String.join(",", jsonStrings(v)))
            .parse(v -> v == null ? null : Arrays.asList(((String) v).split(","))))
        .column("cents", column().type(ColumnType.INTEGER)
            .stringify(v -> v == null ? null : Math.round(((Number) v).doubleValue() * 100))
            .parse(v -> v == null ? null : ((Number) v).doubleValue() / 100)));
    ObjectNode in = obj("id", "a", "tags", List.of("x", "y"), "cents", 12.34);
    ObjectNode stored = m.set(in);
    assertEquals(in, stored);
    assertEquals(in, m.get("a").orElseThrow());
    Row row = rawRow(db, "t", "id", "a");
    assertEquals("x,y", row.get("tags"));
    assertEquals(1234L, row.get("cents"));
    m.set(obj("id", "b", "cents", 5));
    // searching compares the stringified form
    assertEquals(Set.of("a"), searchIds(m, Map.of("cents", 12.34)));
    assertEquals(Set.of("b"), searchIds(m, Map.of("cents", 5)));
    assertEquals(Set.of("a"), searchIds(m, Map.of("tags", List.of("x", "y"))));
  }

  @Test
  void stringifyAppliesToEachValueOfAnInSearch() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("code", column().type(ColumnType.TEXT).in()
            .stringify(v -> v == null ? null : v.toString().toUpperCase())
            .parse(v -> v == null ? null : v.toString().toLowerCase())));
    m.set(obj("id", "1", "code", "ab"));
    m.set(obj("id", "2", "code", "cd"));
    m.set(obj("id", "3", "code", "ef"));
    assertEquals("AB", rawRow(db, "t", "id", "1").get("code"));
    assertEquals(Set.of("1", "3"), searchIds(m, Map.of("code", List.of("ab", "ef"))));
    assertEquals(Set.of("2"), searchIds(m, Map.of("code", "cd")));
  }

  private static List<String> jsonStrings(Object v) {
    List<String> out = new java.util.ArrayList<>();
    ((com.fasterxml.jackson.databind.JsonNode) v).forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void indexKinds() {
    model(db, ModelConfig.builder("t")
        .column("all", column().index(IndexKind.ALL))
        .column("sparse", column().index(IndexKind.SPARSE))
        .column("dflt", column().index(IndexKind.DEFAULT))
        .column("uniq", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
        .column("withDefault", column().index(IndexKind.DEFAULT).defaultValue(0))
        .column("req", column().index(IndexKind.DEFAULT).required())
        .column("sparseButAll", column().index(IndexKind.SPARSE).ignoreNull(false))
        .column("dfltButSparse", column().index(IndexKind.DEFAULT).unique().ignoreNull(true))
        .column("none", column()));
    db.open();
    String all = indexSql(db, "t_all");
    assertTrue(all.contains("json_extract(\"json\", '$.all')") && !all.contains("WHERE"), all);
    assertTrue(indexSql(db, "t_sparse").contains("WHERE json_extract(\"json\", '$.sparse') IS NOT NULL"),
        indexSql(db, "t_sparse"));
    assertTrue(indexSql(db, "t_dflt").contains(" IS NOT NULL"), indexSql(db, "t_dflt"));
    String uniq = indexSql(db, "t_uniq");
    assertTrue(uniq.startsWith("CREATE UNIQUE INDEX") && !uniq.contains("WHERE"), uniq);
    assertFalse(indexSql(db, "t_withDefault").contains("WHERE"));
    assertFalse(indexSql(db, "t_req").contains("WHERE"));
    assertFalse(indexSql(db, "t_sparseButAll").contains("WHERE"));
    assertTrue(indexSql(db, "t_dfltButSparse").contains("WHERE"));
    assertNull(indexSql(db, "t_none"));
  }

  @Test
  void uniqueIndexRejectsDuplicates() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("email", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
        .column("code", column().index(IndexKind.SPARSE).unique()));
    m.set(obj("id", "1", "email", "a@x", "code", "c"));
    assertThrows(StratoException.class, () -> m.set(obj("id", "2", "email", "a@x")));
    assertThrows(StratoException.class, () -> m.set(obj("id", "3", "code", "c")));
    assertThrows(StratoException.class, () -> m.set(obj("id", "1", "email", "a@x", "code", "c"), true));
    assertEquals(1, m.count(null));
    // a unique sparse index allows several NULLs
    m.set(obj("id", "4", "email", "b@x"));
    m.set(obj("id", "5", "email", "c@x"));
    assertEquals(3, m.count(null));
  }

  @Test
  void whereStringAndFunctionAndWhereVal() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("minN", column().where("json_extract(json, '$.n') >= ?"))
        .column("nBetween", column()
            .whereVal(v -> v instanceof List<?> l && l.size() == 2 ? List.of(l.get(0), l.get(1)) : null)
            .where((vals, v) -> "json_extract(json, '$.n') BETWEEN ? AND ?"))
        .column("parity", column().where((vals, v) -> "0".equals(String.valueOf(v))
            ? "json_extract(json, '$.n') % 2 = 0" : "json_extract(json, '$.n') % 2 = 1").whereVal(v -> List.of())));
    for (int i = 1; i <= 6; i++) {
      m.set(obj("id", "" + i, "n", i));
    }
    assertEquals(Set.of("4", "5", "6"), searchIds(m, Map.of("minN", 4)));
    assertEquals(Set.of("2", "3"), searchIds(m, Map.of("nBetween", List.of(2, 3))));
    assertEquals(6, m.searchAll(Map.of("nBetween", "not a list")).size(), "whereVal returning null skips");
    assertEquals(Set.of("2", "4", "6"), searchIds(m, Map.of("parity", 0)));
    assertEquals(Set.of("1", "3", "5"), searchIds(m, Map.of("parity", 1)));
  }

  @Test
  void arraysAndIn() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("tags", column().isArray())
        .column("tagsAll", column().path("tags").isArray().inAll())
        .column("tagsAny", column().path("tags").isAnyOfArray())
        .column("color", column().in())
        .column("realTags", column().type(ColumnType.JSON).path("rt").isArray()));
    m.set(obj("id", "1", "tags", List.of("a", "b"), "color", "red", "rt", List.of(1, 2)));
    m.set(obj("id", "2", "tags", List.of("b", "c"), "color", "blue", "rt", List.of(2, 3)));
    m.set(obj("id", "3", "tags", List.of(), "color", "green"));
    m.set(obj("id", "4", "color", "red"));
    assertEquals(Set.of("1", "2"), searchIds(m, Map.of("tags", "b")));
    assertEquals(Set.of("1"), searchIds(m, Map.of("tags", "a")));
    assertEquals(Set.of("1", "2"), searchIds(m, Map.of("tagsAny", List.of("a", "c"))));
    assertEquals(Set.of("2"), searchIds(m, Map.of("tagsAny", "c")));
    assertEquals(Set.of("1"), searchIds(m, Map.of("tagsAll", List.of("a", "b"))));
    assertEquals(Set.of("1", "2"), searchIds(m, Map.of("tagsAll", List.of("b"))));
    assertEquals(Set.of(), searchIds(m, Map.of("tagsAll", List.of("a", "c"))));
    assertEquals(Set.of("1", "2", "4"), searchIds(m, Map.of("color", List.of("red", "blue"))));
    assertEquals(Set.of("3"), searchIds(m, Map.of("color", "green")));
    assertEquals(Set.of("2"), searchIds(m, Map.of("realTags", 3)));
    assertEquals("[1,2]", rawRow(db, "t", "id", "1").get("realTags"));
    assertThrows(IllegalArgumentException.class, () -> m.searchAll(Map.of("tags", Map.of("x", 1))));
  }

  @Test
  void textSearchMatchesSubstringsLiterally() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
        .column("name", column().textSearch())
        .column("code", column().type(ColumnType.TEXT).textSearch()));
    m.set(obj("id", "1", "name", "100% pure", "code", "a_b"));
    m.set(obj("id", "2", "name", "100 pure and more", "code", "axb"));
    m.set(obj("id", "3", "name", "Something Pure", "code", "a\\b"));
    assertEquals(Set.of("1", "2", "3"), searchIds(m, Map.of("name", "pure")));
    assertEquals(Set.of("1"), searchIds(m, Map.of("name", "100%")));
    assertEquals(Set.of("1"), searchIds(m, Map.of("name", "0% p")));
    assertEquals(Set.of("1"), searchIds(m, Map.of("code", "a_b")));
    assertEquals(Set.of("1"), searchIds(m, Map.of("code", "_")));
    assertEquals(Set.of("3"), searchIds(m, Map.of("code", "\\")));
    assertEquals(Set.of(), searchIds(m, Map.of("name", "%%")));
  }

  @Test
  void autoIncrementDoesNotReuseIds() {
    JsonModel<ObjectNode> auto = model(db, ModelConfig.builder("auto")
        .column("id", column().type(ColumnType.INTEGER).autoIncrement()));
    JsonModel<ObjectNode> plain = model(db, ModelConfig.builder("plain")
        .column("id", column().type(ColumnType.INTEGER)));
    for (JsonModel<ObjectNode> m : List.of(auto, plain)) {
      assertEquals(1, m.set(obj("v", 1)).path("id").asInt());
      assertEquals(2, m.set(obj("v", 2)).path("id").asInt());
      assertEquals(3, m.set(obj("v", 3)).path("id").asInt());
      m.remove(3);
    }
    assertEquals(4, auto.set(obj("v", 4)).path("id").asInt(), "AUTOINCREMENT never reuses an id");
    assertEquals(3, plain.set(obj("v", 4)).path("id").asInt(), "without it SQLite reuses the largest rowid + 1");
    assertTrue(db.get("SELECT sql FROM sqlite_master WHERE name = 'auto'").orElseThrow().getString("sql")
        .contains("AUTOINCREMENT"));
  }
}
