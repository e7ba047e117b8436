package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static io.strato.jsonmodel.TestSupport.ids;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §13: full-text columns with FTS5. */
class FullTextSearchTest {
  @TempDir Path dir;

  private static JsonModel<ObjectNode> docs(DB db) {
    return model(db, ModelConfig.builder("docs")
        .column("body", column().fullText())
        .column("title", column().type(ColumnType.TEXT).fullText())
        .column("kind", column().index(IndexKind.DEFAULT)));
  }

  private static List<String> found(JsonModel<ObjectNode> m, String column, String query) {
    List<String> out = ids(m.searchAll(Map.of(column, query), options().sort("id", 1)));
    return out;
  }

  @Test
  void indexFollowsInsertUpdateDeleteAndChangeId() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = docs(db);
      m.set(obj("id", "a", "body", "the quick brown fox", "title", "Fox"));
      m.set(obj("id", "b", "body", "a lazy dog", "title", "Dog"));
      assertEquals(List.of("a"), found(m, "body", "fox"));
      assertEquals(List.of("b"), found(m, "title", "dog"));
      m.update(Map.of("id", "a", "body", "now about cats"));
      assertEquals(List.of(), found(m, "body", "fox"));
      assertEquals(List.of("a"), found(m, "body", "cats"));
      m.update(Map.of("id", "a", "kind", "x")); // indexed text unchanged: no re-index, still found
      assertEquals(List.of("a"), found(m, "body", "cats"));
      m.set(obj("id", "b", "body", "a lazy cat", "title", "Cat"));
      assertEquals(List.of("a", "b"), found(m, "body", "cat*"));
      assertEquals(List.of("b"), found(m, "title", "cat"));
      m.changeId("b", "c");
      assertEquals(List.of("a", "c"), found(m, "body", "cat*"));
      m.remove("a");
      assertEquals(List.of("c"), found(m, "body", "cat*"));
      Map<String, Object> clear = new java.util.HashMap<>();
      clear.put("id", "c");
      clear.put("body", null);
      m.update(clear, false);
      assertEquals(List.of(), found(m, "body", "cat*"));
      // the FTS5 index agrees with its content after all this
      db.run("INSERT INTO \"docs_body_fts\"(\"docs_body_fts\", rank) VALUES ('integrity-check', 1)");
      db.run("INSERT INTO \"docs_title_fts\"(\"docs_title_fts\", rank) VALUES ('integrity-check', 1)");
    }
  }

  @Test
  void integerIdTablesWork() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("notes").idCol("id")
          .column("id", column().type(ColumnType.INTEGER)).column("text", column().fullText()));
      ObjectNode a = m.set(obj("text", "hello world"));
      m.set(obj("text", "goodbye world"));
      assertEquals(2, m.count(Map.of("text", "world")));
      m.changeId(a.get("id").asLong(), 100L);
      assertEquals(100L, m.searchOne(Map.of("text", "hello")).orElseThrow().get("id").asLong());
    }
  }

  @Test
  void existingRowsAreIndexedByTheMigration() {
    Path file = dir.resolve("fts.db");
    try (DB db = DB.file(file)) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("docs").column("kind", column()));
      m.set(obj("id", "a", "body", "existing words here"));
      m.set(obj("id", "b", "body", "other text"));
    }
    try (DB db = DB.file(file)) {
      JsonModel<ObjectNode> m = docs(db);
      assertEquals(List.of("a"), found(m, "body", "existing"));
      assertEquals(1, db.all("SELECT 1 FROM \"{sdb} migrations\" WHERE runKey LIKE '%0_body~fts%'").size());
    }
    try (DB db = DB.file(file)) { // a third open runs nothing again and still finds
      JsonModel<ObjectNode> m = docs(db);
      assertEquals(List.of("b"), found(m, "body", "other"));
    }
  }

  @Test
  void ranksByBm25AndPagesExactlyThroughRankedResults() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = docs(db);
      // relevance grows with the number of "fox" among equally long bodies; many ties
      for (int i = 0; i < 57; i++) {
        int foxes = 1 + i % 5;
        StringBuilder body = new StringBuilder();
        for (int w = 0; w < 10; w++) {
          body.append(w < foxes ? "fox " : "word ");
        }
        m.set(obj("id", String.format("d%02d", i), "body", body.toString().trim(), "kind", i % 2 == 0 ? "even" : "odd"));
      }
      m.set(obj("id", "zz", "body", "nothing relevant"));
      Page<ObjectNode> first = m.search(Map.of("body", "fox"), options().sortByRank("body", 1).limit(3));
      assertEquals(57L, first.total());
      for (ObjectNode n : first.items()) {
        assertTrue(n.get("body").asText().startsWith("fox fox fox fox fox"), n.toString());
      }
      // walk forwards: every match exactly once, in rank order; then one page back
      List<String> forward = new ArrayList<>();
      List<Double> ranks = new ArrayList<>();
      String cursor = null;
      Page<Hit<ObjectNode>> page;
      do {
        page = m.searchHits(Map.of("body", "fox"), options().sortByRank("body", 1).limit(7).cursor(cursor));
        for (Hit<ObjectNode> h : page.items()) {
          forward.add(h.item().get("id").asText());
          ranks.add(h.ranks().get("body"));
        }
        assertEquals(57L, page.total());
        cursor = page.cursor();
      } while (cursor != null);
      assertEquals(57, forward.size());
      assertEquals(57, new HashSet<>(forward).size());
      for (int i = 1; i < ranks.size(); i++) {
        assertTrue(ranks.get(i - 1) <= ranks.get(i), "bm25 ascending (best first) at " + i);
      }
      String prev = page.prevCursor();
      List<String> lastPage = ids(m.search(Map.of("body", "fox"), options().sortByRank("body", 1).limit(7)
          .cursor(prev)).items());
      assertEquals(forward.subList(forward.size() - page.items().size() - lastPage.size(),
          forward.size() - page.items().size()), lastPage);
      // least relevant first, combined with another attribute
      List<String> odd = new ArrayList<>();
      cursor = null;
      do {
        Page<ObjectNode> p = m.search(Map.of("body", "fox", "kind", "odd"),
            options().sortByRank("body", -1).sort("id", 2).limit(4).cursor(cursor));
        odd.addAll(ids(p.items()));
        assertEquals(28L, p.total());
        cursor = p.cursor();
      } while (cursor != null);
      assertEquals(28, new HashSet<>(odd).size());
      assertTrue(m.get(odd.get(0)).orElseThrow().get("body").asText().startsWith("fox word"));
    }
  }

  @Test
  void snippetsAndCombiningWithOtherOptions() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = docs(db);
      m.set(obj("id", "a", "body", "The quick brown fox jumps over the lazy dog", "title", "One", "kind", "k"));
      m.set(obj("id", "b", "body", "Foxes are not dogs", "title", "Two", "kind", "k"));
      Page<Hit<ObjectNode>> p = m.searchHits(Map.of("body", "fox", "kind", "k"),
          options().snippet("body", "[", "]", "...", 4).limit(10));
      assertEquals(1, p.items().size());
      Hit<ObjectNode> h = p.items().get(0);
      assertEquals("a", h.item().get("id").asText());
      assertEquals("The quick brown [fox]...", h.snippets().get("body"));
      assertTrue(h.ranks().get("body") < 0);
      // default markers; two full-text columns at once
      Hit<ObjectNode> h2 = m.searchHits(Map.of("body", "fox*", "title", "two"), options().snippet("body"))
          .items().get(0);
      assertEquals("<b>Foxes</b> are not dogs", h2.snippets().get("body"));
      assertEquals(Set.of("body", "title"), h2.ranks().keySet());
      // plain search ignores snippets; counts, exists and aggregates take full-text attributes
      assertEquals(2, m.count(Map.of("body", "fox*")));
      assertTrue(m.exists(Map.of("body", "lazy"), null));
      assertFalse(m.exists(Map.of("body", "cat"), null));
      assertEquals(2L, m.numAggOp("COUNT", null, Map.of("body", "fox* OR dog*"), null).longValue());
      // phrase and NOT queries
      assertEquals(List.of("a"), found(m, "body", "\"brown fox\""));
      assertEquals(List.of("b"), found(m, "body", "fox* NOT lazy"));
      // options needing a searched full-text column
      assertThrows(IllegalArgumentException.class, () -> m.searchHits(Map.of("kind", "k"), options().snippet("body")));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> m.search(Map.of("body", "fox"), options().sortByRank("kind", 1)));
      assertTrue(e.getMessage().contains("'kind'"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> m.search(Map.of("body", 5), null));
      assertNull(m.search(Map.of("body", "fox"), options().limit(5)).cursor());
    }
  }

  @Test
  void badQuerySyntaxNamesTheColumn() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = docs(db);
      m.set(obj("id", "a", "body", "text", "title", "t"));
      for (String bad : List.of("AND fox", "\"unterminated", "nosuchcol: x", "fox OR", "(fox")) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> m.search(Map.of("body", bad), options().limit(2)), bad);
        assertTrue(e.getMessage().contains("column 'body'") && e.getMessage().contains("full-text query"),
            e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.count(Map.of("title", bad)), bad);
        assertThrows(IllegalArgumentException.class, () -> m.exists(Map.of("title", bad), null), bad);
      }
      // a failure that is not the query's stays a DB error
      assertThrows(io.strato.db.DBException.class,
          () -> m.search(Map.of("body", "text"), options().where("nosuch_column = 1")));
    }
  }

  @Test
  void unicodeTextIsCaseAndAccentInsensitive() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = docs(db);
      m.set(obj("id", "fr", "body", "Crème brûlée au café"));
      m.set(obj("id", "de", "body", "Größe und Übermut"));
      m.set(obj("id", "ru", "body", "Привет мир"));
      m.set(obj("id", "gr", "body", "Καλημέρα κόσμε"));
      assertEquals(List.of("fr"), found(m, "body", "creme"));
      assertEquals(List.of("fr"), found(m, "body", "CAFÉ"));
      assertEquals(List.of("de"), found(m, "body", "ubermut"));
      assertEquals(List.of("ru"), found(m, "body", "мир"));
      assertEquals(List.of("ru"), found(m, "body", "ПРИВЕТ"));
      // diacritics removal covers Latin letters; other scripts fold case only
      assertEquals(List.of("gr"), found(m, "body", "ΚΑΛΗΜΈΡΑ"));
    }
    try (DB db = DB.memory()) { // another tokenizer can be chosen
      JsonModel<ObjectNode> t = model(db, ModelConfig.builder("tri").column("s", column().fullText("trigram")));
      t.set(obj("id", "x", "s", "substring matching"));
      assertEquals(1, t.count(Map.of("s", "bstri")));
    }
  }

  @Test
  void invalidDefinitionsNameTheColumn() {
    for (ColumnDef d : List.of(column().fullText().isArray(), column().fullText().textSearch(),
        column().type(ColumnType.INTEGER).fullText(), column().fullText().sql("1"), column().fullText().in())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ModelConfig.builder("m").column("c", d).build());
      assertTrue(e.getMessage().contains("column 'c'"), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelConfig.builder("m").keepRowId(false).column("c", column().fullText()).build());
    assertTrue(e.getMessage().contains("column 'c'") && e.getMessage().contains("rowid"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("m").column("id", column().fullText())
        .build());
    assertThrows(IllegalArgumentException.class, () -> column().fullText(" "));
  }
}
