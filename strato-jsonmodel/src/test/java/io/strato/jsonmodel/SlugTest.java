package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** slugValue: unique, readable URL slugs, on the id and on other columns. */
class SlugTest {
  private final DB db = DB.memory();

  @AfterEach
  void close() {
    db.close();
  }

  private JsonModel<ObjectNode> slugs() {
    return model(db, ModelConfig.builder("recipes")
        .column("slug", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique()
            .slugValue(o -> o.path("title").asText(null))));
  }

  private String slugOf(JsonModel<ObjectNode> m, String title) {
    return m.set(obj("title", title)).path("slug").asText();
  }

  @Test
  void uniqueSuffixes() {
    JsonModel<ObjectNode> m = slugs();
    assertEquals("pancakes", slugOf(m, "Pancakes"));
    assertEquals("pancakes-2", slugOf(m, "Pancakes"));
    assertEquals("pancakes-3", slugOf(m, "pancakes!"));
    assertEquals(3, m.count(Map.of()));
    assertEquals("Pancakes", m.get("pancakes-2", "slug").orElseThrow().path("title").asText());
  }

  @Test
  void rewritingAnItemKeepsItsSlug() {
    JsonModel<ObjectNode> m = slugs();
    ObjectNode a = m.set(obj("title", "Soup"));
    ObjectNode again = m.set(a.deepCopy().put("title", "Soup"));
    assertEquals("soup", again.path("slug").asText());
    // an item without a slug that is rewritten gets a slug that is not "taken" by itself
    ObjectNode b = m.set(obj("id", "b", "title", "Stew"));
    b.remove("slug");
    assertEquals("stew", m.set(b).path("slug").asText());
  }

  @Test
  void accentsPunctuationUnicodeAndLength() {
    JsonModel<ObjectNode> m = slugs();
    assertEquals("creme-brulee", slugOf(m, "Crème Brûlée"));
    assertEquals("hello-world", slugOf(m, "  Hello, World!!! "));
    assertEquals("a-b-c", slugOf(m, "a--b__c"));
    assertEquals("привет-мир", slugOf(m, "Привет, мир"));
    assertEquals("日本語", slugOf(m, "日本語"));
    assertEquals("strasse", slugOf(m, "Straße"));
    assertEquals("item", slugOf(m, "!!!"));
    String longSlug = slugOf(m, "word ".repeat(100));
    assertTrue(longSlug.length() <= 80, longSlug);
    assertTrue(longSlug.startsWith("word-word") && !longSlug.endsWith("-"), longSlug);
    assertEquals(longSlug + "-2", slugOf(m, "word ".repeat(100)));
  }

  @Test
  void slugIds() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("pages")
        .column("id", column().slugValue(o -> o.path("name").asText())));
    assertEquals("about-us", m.set(obj("name", "About us")).path("id").asText());
    assertEquals("about-us-2", m.set(obj("name", "About Us")).path("id").asText());
    assertEquals("given", m.set(obj("id", "given", "name", "About us")).path("id").asText());
    assertEquals("About Us", m.get("about-us-2").orElseThrow().path("name").asText());
  }
}
