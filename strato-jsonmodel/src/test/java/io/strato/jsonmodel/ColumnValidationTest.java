package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Invalid column definitions fail at build() with an IllegalArgumentException naming the column. */
class ColumnValidationTest {

  private static void fails(String column, String fragment, Supplier<ModelConfig.Builder<?>> b) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.get().build());
    String msg = e.getMessage();
    assertTrue(msg.contains("'" + column + "'"), "message should name the column " + column + ": " + msg);
    assertTrue(msg.toLowerCase().contains(fragment.toLowerCase()), "message should mention " + fragment + ": " + msg);
  }

  private static void fails(String column, String fragment, ColumnDef def) {
    fails(column, fragment, () -> ModelConfig.builder("m").column(column, def));
  }

  @Test
  void nullTypeIsRejectedNamingTheColumn() {
    fails("email", "type must not be null", column().type(null));
    fails("email", "type must not be null", column().real().type(null).index(IndexKind.DEFAULT));
    fails("id", "type must not be null", column().type(null));
    // setting a type again after null is fine
    ModelConfig.builder("m").column("n", column().type(null).type(ColumnType.INTEGER)).build();
  }

  @Test
  void uniqueWithoutIndex() {
    fails("email", "unique", column().type(ColumnType.TEXT).unique());
  }

  @Test
  void autoIncrementOnTextIdOrOtherColumns() {
    fails("id", "autoIncrement", column().type(ColumnType.TEXT).autoIncrement());
    fails("id", "autoIncrement", column().autoIncrement());
    fails("n", "autoIncrement", column().type(ColumnType.INTEGER).autoIncrement());
  }

  @Test
  void stringifyOnVirtualColumn() {
    fails("v", "stringify", column().stringify(x -> x));
  }

  @Test
  void parseWithoutGet() {
    fails("v", "parse", column().parse(x -> x));
    fails("r", "parse", column().real().get(false).parse(x -> x));
  }

  @Test
  void arraysWithWhere() {
    fails("tags", "where", column().isArray().where("1 = ?"));
    fails("tags", "where", column().isAnyOfArray().where((vals, v) -> "1"));
    fails("tags", "where", column().isArray().inAll().where("x"));
  }

  @Test
  void oddCombinations() {
    fails("a", "inAll", column().inAll());
    fails("a", "inAll", column().isArray().inAll().in());
    fails("a", "textSearch", column().textSearch().in());
    fails("a", "textSearch", column().textSearch().falsyBool());
    fails("a", "falsyBool", column().falsyBool().isArray());
    fails("a", "alwaysObject", column().type(ColumnType.TEXT).alwaysObject());
    fails("a", "sql", column().type(ColumnType.TEXT).sql("1"));
    fails("a", "value", column().value(o -> 1).slugValue(o -> "x").index(IndexKind.DEFAULT));
    fails("a", "slugValue", column().slugValue(o -> "x"));
    fails("a", "where", column().where("a = ?").where((vals, v) -> "b"));
    fails("a", "falsyBool", column().real().falsyBool().parse(x -> x));
    fails("a", "default", column().defaultValue(List.of(1)));
    fails("a", "sql", column().sql("  "));
    fails("a", "path", column().path("x..y"));
  }

  @Test
  void idColumnOptions() {
    fails("id", "TEXT or INTEGER", column().type(ColumnType.REAL));
    fails("id", "id column", column().falsyBool());
    fails("id", "path", column().path("a.b"));
    fails("key", "id column", () -> ModelConfig.builder("m").idCol("key").column("key", column().isArray()));
  }

  @Test
  void reservedNames() {
    fails("json", "reserved", column());
    fails("rowId", "reserved", column());
    fails("json", "reserved", column().type(ColumnType.JSON));
  }

  @Test
  void twoRealColumnsOnOnePath() {
    fails("b", "path", () -> ModelConfig.builder("m").column("a", column().real().path("x"))
        .column("b", column().type(ColumnType.TEXT).path("x")));
  }

  @Test
  void builderArguments() {
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder(""));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder(null));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("sqlite_x"));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("m", null));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("m").column("", column()));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("m").column("a", null));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("m").idCol("a.b"));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("m").objectMapper(null));
    assertThrows(IllegalArgumentException.class, () -> new JsonModel<>(null, ModelConfig.builder("m").build()));
  }
}
