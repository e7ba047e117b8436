package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Code written against {@link DocumentModel} works with any model: the same routine runs over a
 * JsonModel of records and one of ObjectNodes (strato-es runs it over an ESModel), using the
 * interface's default forms as well as the main ones.
 */
class DocumentModelTest {
  private final DB db = DB.memory();

  @AfterEach
  void close() {
    db.close();
  }

  record Book(String id, String title, int pages, List<String> tags) {}

  private static <T> ModelConfig.Builder<T> books(ModelConfig.Builder<T> b) {
    return b.column("title", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
        .column("pages", column().type(ColumnType.INTEGER))
        .column("tags", column().match(MatchMode.IS_ARRAY));
  }

  /**
   * What a service does with a document model, whatever stores it; returns what it saw.
   *
   * @param m the model
   * @param make an item from id, title, pages, tags
   * @param title the title of an item
   */
  static <T> List<Object> library(DocumentModel<T> m, Function<Object[], T> make, Function<T, String> title) {
    List<Object> seen = new ArrayList<>();
    m.set(make.apply(new Object[] {"b1", "Dune", 412, List.of("sf", "classic")}));
    m.set(make.apply(new Object[] {"b2", "Emma", 474, List.of("classic")}), WriteOptions.insertOnly());
    m.set(make.apply(new Object[] {"b3", "Ubik", 202, List.of("sf")}));
    m.update(Map.of("id", "b3", "pages", 224));
    m.update(Map.of("id", "b4", "title", "Ōkami", "pages", 10, "tags", List.of()), WriteOptions.upsert());
    seen.add(m.name() + "/" + m.idCol());
    seen.add(m.get("b3").map(title).orElse(null));
    seen.add(m.get("Emma", "title").map(title).orElse(null));
    seen.add(m.getAll(List.of("b2", "nope", "b1")).stream().map(t -> t == null ? null : title.apply(t)).toList());
    seen.add(m.getAll(List.of("Ubik"), "title").stream().map(title).toList());
    seen.add(m.search(Map.of("tags", "sf"), options().sort("pages", 1).limit(1)).total());
    seen.add(m.searchOne(Map.of("tags", "classic"), options().sort("pages", -1)).map(title).orElse(null));
    seen.add(m.searchOne(Map.of("title", "Nope")).isPresent());
    seen.add(m.searchAll(Map.of("tags", "classic")).size());
    seen.add(m.all().size());
    seen.add(m.count(Map.of("tags", "sf")));
    seen.add(m.count(null, options().where("pages > ?", 300)));
    seen.add(m.exists("b1") + " " + m.exists("zz") + " " + m.exists(Map.of("title", "Ōkami"), null));
    seen.add(m.max("pages", null, null) + " " + m.min("pages", null, null) + " " + m.sum("pages", null, null)
        + " " + m.avg("pages", Map.of("tags", "sf"), null) + " " + m.numAggOp("COUNT", null, null, null));
    List<String> each = new ArrayList<>();
    m.each(null, options().sort("title", 1).limit(2), t -> each.add(title.apply(t)));
    seen.add(each);
    LoaderCache cache = new LoaderCache();
    seen.add(title.apply(m.getCached(cache, "b1")) + " " + title.apply(m.getCached(cache, "Emma", "title")));
    m.clearCache(cache, "b1");
    m.clearCache(cache);
    seen.add(m.searchHits(Map.of("tags", "sf"), options().sort("title", 1)).items().size());
    m.remove("b4");
    seen.add(m.get("b4").isPresent());
    return seen;
  }

  private static final List<Object> EXPECTED = List.of("books/id", "Ubik", "Emma", Arrays.asList("Emma", null, "Dune"),
      List.of("Ubik"), 2L, "Emma", false, 2, 4, 2L, 2L, "true false true", "474 10 1120 318.0 4",
      List.of("Dune", "Emma", "Ubik", "Ōkami"), "Dune Emma", 2, false);

  @Test
  void theSameCodeRunsOverRecordsAndObjectNodes() {
    JsonModel<Book> records = db.addModel(d -> new JsonModel<>(d, books(ModelConfig.builder("books", Book.class))
        .build()));
    @SuppressWarnings("unchecked")
    List<Object> fromRecords = library(records,
        a -> new Book((String) a[0], (String) a[1], (Integer) a[2], (List<String>) a[3]), Book::title);
    assertEquals(EXPECTED, fromRecords);

    try (DB other = DB.memory()) {
      JsonModel<ObjectNode> nodes = other.addModel(d -> new JsonModel<>(d, books(ModelConfig.builder("books"))
          .build()));
      List<Object> fromNodes = library(nodes, a -> {
        ObjectNode n = TestSupport.obj("id", a[0], "title", a[1], "pages", a[2], "tags", a[3]);
        return n;
      }, n -> n.path("title").asText());
      assertEquals(EXPECTED, fromNodes);
    }
  }

  @Test
  void defaultsCheckTheirArguments() {
    DocumentModel<ObjectNode> m = db.addModel(d -> new JsonModel<>(d, books(ModelConfig.builder("books")).build()));
    assertThrows(IllegalArgumentException.class, () -> m.getAll(null));
    assertThrows(IllegalArgumentException.class, () -> m.getCached(null, "b1"));
    assertThrows(IllegalArgumentException.class, () -> m.getCached(new LoaderCache(), null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.max(null, null, null));
    assertTrue(e.getMessage().contains("'books'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.count(Map.of("nope", 1)));
    assertTrue(e.getMessage().contains("Unknown column nope"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.set(null));
    assertThrows(IllegalArgumentException.class, () -> m.update(null));
    assertThrows(IllegalArgumentException.class, () -> m.remove(null));
    assertNull(m.max("pages", null, null), "nothing matches");
    assertEquals(0, m.count(null));
    assertFalse(m.searchOne(null).isPresent());
  }

  /** A subclass that changes how updates merge and write: the update path still goes through both. */
  static final class Audited extends JsonModel<ObjectNode> {
    final List<String> calls = new ArrayList<>();

    Audited(DB db) {
      super(db, ModelConfig.builder("audited").build());
    }

    @Override
    protected ObjectNode merge(ObjectNode base, Map<String, ?> changes) {
      calls.add("merge");
      return super.merge(base, changes).put("touched", true);
    }

    @Override
    protected ObjectNode setTree(ObjectNode tree, boolean insertOnly) {
      calls.add("write " + insertOnly);
      return super.setTree(tree, insertOnly);
    }

    @Override
    protected Optional<ObjectNode> getTree(Object id) {
      calls.add("read " + id);
      return super.getTree(id);
    }
  }

  @Test
  void updatesGoThroughTheOverridableSteps() {
    Audited m = db.addModel(Audited::new);
    m.set(TestSupport.obj("id", "a", "n", 1));
    m.calls.clear();
    ObjectNode out = m.update(Map.of("id", "a", "n", 2));
    assertEquals(List.of("read a", "merge", "write false"), m.calls);
    assertTrue(out.path("touched").asBoolean());
    m.calls.clear();
    m.update(Map.of("n", 3), WriteOptions.upsert());
    assertEquals(List.of("merge", "write true"), m.calls, "an upsert without an id inserts");
  }
}
