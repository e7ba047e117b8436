package io.strato.jsonmodel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ExprTemplate}: expressions rendered for a row alias, with only row references rewritten. */
class ExprTemplateTest {
  private static String parsed(String sql, String table, String alias) {
    return ExprTemplate.parse(sql, table).render(alias);
  }

  @Test
  void builtFromParts() {
    ExprTemplate json = ExprTemplate.column("json");
    ExprTemplate e = ExprTemplate.wrap("json_extract(", json, ", '$.\"t\".x')");
    assertEquals("json_extract(\"t\".\"json\", '$.\"t\".x')", e.render("\"t\""));
    assertEquals("json_extract(new.\"json\", '$.\"t\".x')", e.render("new"));
    assertEquals("json_extract(\"json\", '$.\"t\".x')", e.render(null));
    assertEquals("json_extract(\"json\", '$.\"t\".x')", e.render(""));
    ExprTemplate twice = ExprTemplate.wrap("ifNull(", e, ", 3)");
    assertEquals("ifNull(json_extract(old.\"json\", '$.\"t\".x'), 3)", twice.render("old"));
    assertTrue(twice.refersToRow());
    assertFalse(ExprTemplate.fixed("1 + 1").refersToRow());
    assertEquals("1 + 1", ExprTemplate.fixed("1 + 1").render("new"));
  }

  @Test
  void parsedSqlRewritesOnlyQualifiersOfTheTable() {
    assertEquals("json_extract(new.json, '$.a')", parsed("json_extract(docs.json, '$.a')", "docs", "new"));
    assertEquals("json_extract(new.json, '$.a')", parsed("json_extract(\"docs\".json, '$.a')", "docs", "new"));
    assertEquals("new.a + new.b", parsed("[docs].a + `docs`.b", "docs", "new"));
    assertEquals("new.a", parsed("DOCS.a", "docs", "new"), "SQLite names are case-insensitive");
    assertEquals("json_extract(json, '$.a')", parsed("json_extract(\"docs\".json, '$.a')", "docs", null));
    // left alone: literals, other names containing the table name, a name without a dot, schema-qualified
    assertEquals("'docs.a' || \"docs\".\"docs\"", parsed("'docs.a' || docs.\"docs\"", "docs", "\"docs\""));
    assertEquals("mydocs.a + docs_x.b + docs", parsed("mydocs.a + docs_x.b + docs", "docs", "new"));
    assertEquals("main.\"docs\".a", parsed("main.\"docs\".a", "docs", "new"));
    assertEquals("json_extract(json, '$.\"docs\".n')", parsed("json_extract(json, '$.\"docs\".n')", "docs", "new"));
    assertEquals("x /* docs.a */ -- docs.b\n+ new.c", parsed("x /* docs.a */ -- docs.b\n+ docs.c", "docs", "new"));
    assertEquals("new.v", parsed("\"a\"\"b\".v", "a\"b", "new"), "a doubled quote inside the name");
  }

  @Test
  void unterminatedTokensEndTheExpression() {
    assertEquals("'docs.a", parsed("'docs.a", "docs", "new"));
    assertEquals("x /* docs.a", parsed("x /* docs.a", "docs", "new"));
    assertEquals("[docs", parsed("[docs", "docs", "new"));
    assertEquals("1.5 + new.a", parsed("1.5 + docs.a", "docs", "new"));
  }
}
