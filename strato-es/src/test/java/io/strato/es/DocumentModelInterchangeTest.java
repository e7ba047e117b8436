package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.jsonmodel.SearchOptions.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.es.spi.EventModel;
import io.strato.jsonmodel.ColumnDef;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.DocumentModel;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.LoaderCache;
import io.strato.jsonmodel.MatchMode;
import io.strato.jsonmodel.ModelConfig;
import io.strato.jsonmodel.WriteOptions;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code written against {@link DocumentModel} runs unchanged over a plain JsonModel and over an
 * ESModel: the same reads give the same answers, and the same writes leave the same documents
 * (through events for the ESModel).
 */
class DocumentModelInterchangeTest {
  @TempDir Path dir;

  private static ModelConfig<ObjectNode> books() {
    return ModelConfig.builder("books")
        .column("title", ColumnDef.column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
        .column("pages", ColumnDef.column().type(ColumnType.INTEGER))
        .column("tags", ColumnDef.column().match(MatchMode.IS_ARRAY))
        .build();
  }

  /** A service that only knows the interface. */
  private static List<Object> library(DocumentModel<ObjectNode> m) {
    m.set(obj("id", "b1", "title", "Dune", "pages", 412, "tags", List.of("sf", "classic")));
    m.set(obj("id", "b2", "title", "Emma", "pages", 474, "tags", List.of("classic")), WriteOptions.insertOnly());
    m.set(obj("id", "b3", "title", "Ubik", "pages", 202, "tags", List.of("sf")));
    m.update(Map.of("id", "b3", "pages", 224));
    m.update(Map.of("id", "b4", "title", "Ōkami", "pages", 10), WriteOptions.upsert());
    m.remove("b2");
    List<Object> seen = new ArrayList<>();
    seen.add(m.name() + "/" + m.idCol());
    seen.add(m.get("b3").map(n -> n.path("pages").asInt()).orElse(-1));
    seen.add(m.get("Ōkami", "title").isPresent());
    seen.add(m.getAll(List.of("b2", "b1")).stream().map(n -> n == null ? null : n.path("title").asText()).toList());
    seen.add(m.search(Map.of("tags", "sf"), options().sort("pages", -1).limit(1)).total());
    seen.add(m.searchOne(Map.of("tags", "classic")).map(n -> n.path("title").asText()).orElse(null));
    seen.add(m.searchAll(null, options().sort("title", 1)).stream().map(n -> n.path("title").asText()).toList());
    seen.add(m.count(Map.of("tags", "sf")) + " " + m.exists("b2") + " " + m.exists(Map.of("title", "Dune"), null));
    seen.add(m.sum("pages", null, null) + " " + m.max("pages", Map.of("tags", "sf"), null));
    List<String> each = new ArrayList<>();
    m.each(null, options().sort("pages", 1).limit(1), n -> each.add(n.path("id").asText()));
    seen.add(each);
    seen.add(m.getCached(new LoaderCache(), "Dune", "title").path("id").asText());
    return seen;
  }

  @Test
  void theSameServiceRunsOverJsonModelAndESModel() {
    List<Object> expected = List.of("books/id", 224, true, Arrays.asList(null, "Dune"), 2L, "Dune",
        List.of("Dune", "Ubik", "Ōkami"), "2 false true", "646 412", List.of("b4", "b3", "b1"), "b1");
    try (DB db = DB.file(dir.resolve("plain.db"))) {
      DocumentModel<ObjectNode> plain = db.addModel(d -> new JsonModel<>(d, books()));
      assertEquals(expected, library(plain));
    }
    EventModel model = new EventModel() {
      @Override
      public String name() {
        return "books";
      }

      @Override
      public ModelConfig<?> config() {
        return books();
      }
    };
    try (EventSourcingDB es = builder(dir).model(model).build()) {
      DocumentModel<ObjectNode> evented = Es.model(es, "books");
      assertInstanceOf(ESModel.class, evented);
      assertEquals(expected, library(evented));
      List<Event> writes = es.operations().history(HistoryFilter.all().type("es/books"));
      assertEquals(6, writes.size(), "every write was an event: " + writes);
    }
  }
}
