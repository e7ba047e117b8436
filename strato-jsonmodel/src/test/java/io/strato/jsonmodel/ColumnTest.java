package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The public {@link Column}: the small view, and the deprecated record-era surface still working. */
@SuppressWarnings("deprecation")
class ColumnTest {
  private final ModelConfig<?> cfg = ModelConfig.builder("users")
      .column("email", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
      .column("city", column().path("address.city").index(IndexKind.SPARSE))
      .column("tags", column().match(MatchMode.IS_ARRAY))
      .column("blob", column().real())
      .build();
  private final Map<String, Column> cols = cfg.columns();

  @Test
  void theSmallView() {
    assertEquals(List.of("id", "email", "city", "tags", "blob", "json"), List.copyOf(cols.keySet()));
    Column id = cols.get("id");
    assertEquals("id", id.name());
    assertEquals(ColumnType.TEXT, id.type());
    assertTrue(id.real() && id.indexed() && id.unique());
    assertEquals("id", id.path());

    Column email = cols.get("email");
    assertTrue(email.real() && email.indexed() && email.unique());
    assertEquals(ColumnType.TEXT, email.type());

    Column city = cols.get("city");
    assertFalse(city.real());
    assertNull(city.type(), "a virtual column has no SQLite type");
    assertEquals("address.city", city.path());
    assertTrue(city.indexed());
    assertFalse(city.unique());

    Column tags = cols.get("tags");
    assertFalse(tags.indexed());
    assertEquals(MatchMode.IS_ARRAY, tags.match());

    assertEquals(ColumnType.BLOB, cols.get("blob").type(), "real() without a type is a BLOB");
    Column json = cols.get("json");
    assertEquals(ColumnType.JSON, json.type());
    assertEquals("", json.path());
    assertTrue(json.real());
  }

  @Test
  void theModelSharesTheConfigsColumns() {
    try (io.strato.db.DB db = io.strato.db.DB.memory()) {
      JsonModel<?> m = db.addModel(d -> new JsonModel<>(d, cfg));
      assertEquals(cols, m.columns());
      assertThrows(UnsupportedOperationException.class, () -> m.columns().remove("email"));
    }
  }

  @Test
  void equalityIsPerResolvedColumn() {
    assertEquals(cols.get("email"), cfg.columns().get("email"));
    assertEquals(cols.get("email").hashCode(), cfg.columns().get("email").hashCode());
    assertNotEquals(cols.get("email"), cols.get("city"));
    ModelConfig<?> again = ModelConfig.builder("users").column("email", column().type(ColumnType.TEXT)).build();
    assertNotEquals(cols.get("email"), again.columns().get("email"), "another model's column");
    assertTrue(cols.get("email").toString().contains("email"), cols.get("email").toString());
    assertTrue(cols.get("city").toString().contains("virtual"), cols.get("city").toString());
  }

  @Test
  void deprecatedAccessorsStillAnswer() {
    Column email = cols.get("email");
    assertEquals("\"users\".\"email\"", email.sql());
    assertEquals(List.of("address", "city"), cols.get("city").parts());
    assertEquals("json_extract(\"users\".\"json\", '$.address.city')", cols.get("city").sql());
    assertEquals(IndexKind.DEFAULT, email.index());
    assertTrue(email.get());
    assertFalse(cols.get("city").get());
    assertEquals(Column.ArrayMode.IS_ARRAY, cols.get("tags").arrayMode());
    assertEquals(Column.ArrayMode.NONE, email.arrayMode());
    assertFalse(email.textSearch() || email.isFullText() || email.falsyBool() || email.required());
    assertTrue(cols.get("tags").acceptsCollections());
    assertEquals("\"users\".\"email\" = ?", email.where().where(new java.util.ArrayList<>(), "a@b"));
    assertEquals(List.of("a@b"), email.whereVal().apply("a@b"));
    assertNull(email.value());
    assertNull(email.fullText());
  }

  @Test
  void deprecatedAccessorsReportEveryOption() {
    java.util.function.Function<Object, Object> parse = v -> v;
    java.util.function.Function<Object, Object> stringify = v -> v;
    ValueFunction slug = item -> "x";
    ModelConfig<?> c = ModelConfig.builder("t")
        .column("id", column().type(ColumnType.INTEGER).autoIncrement())
        .column("flag", column().real().type(ColumnType.INTEGER).falsyBool().index(IndexKind.DEFAULT)
            .ignoreNull(true))
        .column("meta", column().real().type(ColumnType.JSON).alwaysObject().parse(parse).stringify(stringify))
        .column("slug", column().real().type(ColumnType.TEXT).slugValue(slug).index(IndexKind.DEFAULT))
        .column("own", column().where("json_extract(json, '$.own') > ?"))
        .column("body", column().fullText())
        .column("plain", column().defaultValue(3))
        .build();
    Map<String, Column> all = c.columns();
    assertTrue(all.get("id").autoIncrement());
    assertFalse(all.get("flag").autoIncrement());
    assertTrue(all.get("flag").falsyBool());
    assertTrue(all.get("flag").ignoreNull());
    assertFalse(all.get("id").ignoreNull());
    assertTrue(all.get("meta").alwaysObject());
    assertFalse(all.get("flag").alwaysObject());
    assertEquals(parse, all.get("meta").parse());
    assertEquals(stringify, all.get("meta").stringify());
    assertNull(all.get("flag").parse());
    assertTrue(all.get("slug").slug());
    assertFalse(all.get("meta").slug());
    assertTrue(all.get("meta").customWhere(), "stringify decides what search values mean");
    assertFalse(all.get("own").customWhere(), "an SQL condition alone does not");
    assertFalse(all.get("plain").customWhere());
    assertTrue(all.get("body").isFullText());
    assertEquals(MatchMode.FULL_TEXT, all.get("body").match());
    assertFalse(all.get("body").acceptsCollections());
    assertEquals(3, all.get("plain").defaultValue());
    assertEquals("Column[flag, INTEGER, path 'flag', index, EQUALS]", all.get("flag").toString());
    assertEquals("Column[id, INTEGER, path 'id', unique index, EQUALS]", all.get("id").toString());
    assertEquals("Column[plain, virtual, path 'plain', EQUALS]", all.get("plain").toString());
    assertTrue(all.get("flag").hashCode() != 0 || all.get("id").hashCode() != 0, "identity hash codes");
  }

  @Test
  void deprecatedConstructorsBuildByName() {
    Column c = new Column("n", true, ColumnType.INTEGER, "a.n", List.of("a", "n"), "\"t\".\"n\"", "_n", true,
        IndexKind.ALL, true, false, 7, true, false, false, Column.ArrayMode.IN, false, false, null, false, null,
        null, (vals, v) -> "\"t\".\"n\" IN (SELECT value FROM json_each(?))", v -> List.of(v), false);
    assertEquals("n", c.name());
    assertEquals(ColumnType.INTEGER, c.type());
    assertEquals("a.n", c.path());
    assertTrue(c.indexed() && c.unique() && c.required());
    assertEquals(7, c.defaultValue());
    assertEquals(MatchMode.IN, c.match());
    assertEquals(Column.ArrayMode.IN, c.arrayMode());

    Column text = new Column("t", false, null, "t", List.of("t"), "x", "_t", false, null, false, true, null, false,
        false, false, Column.ArrayMode.NONE, false, false, null, false, null, null, (vals, v) -> "x = ?",
        v -> List.of(v), false, "trigram");
    assertEquals(MatchMode.FULL_TEXT, text.match());
    assertEquals("trigram", text.fullText());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Column("bad", false, null,
        "bad", List.of("bad"), null, "_b", false, null, false, true, null, false, false, false,
        Column.ArrayMode.NONE, false, false, null, false, null, null, (vals, v) -> "1", v -> List.of(v), false));
    assertTrue(e.getMessage().contains("'bad'") && e.getMessage().contains("SQL"), e.getMessage());
  }
}
