package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class JsonModelSmokeTest {
  record Doc(String id, String name, Long n, List<String> tags, Map<String, Object> nested) {}

  @TempDir Path dir;

  @Test
  void setGetSearchAndPage() {
    try (DB db = DB.file(dir.resolve("a.db"))) {
      JsonModel<Doc> m = db.addModel(d -> new JsonModel<>(d, ModelConfig.builder("docs", Doc.class)
          .column("n", column().type(ColumnType.INTEGER).index(IndexKind.DEFAULT))
          .column("x", column().path("nested.x").index(IndexKind.DEFAULT))
          .column("tags", column().isArray())
          .build()));
      for (int i = 0; i < 50; i++) {
        m.set(new Doc("d" + i, "name " + i, i % 7 == 0 ? null : (long) (i % 10), List.of("a", i % 2 == 0 ? "even" : "odd"),
            Map.of("x", i % 5)));
      }
      Doc d3 = m.get("d3").orElseThrow();
      assertEquals("name 3", d3.name());
      assertEquals(3L, d3.n());
      assertEquals(3, ((Number) d3.nested().get("x")).intValue());
      assertEquals(25, m.count(Map.of("tags", "even")));
      assertEquals(10, m.count(Map.of("x", 2)));
      List<Doc> got = m.getAll(List.of("d5", "nope", "d1"));
      assertEquals("d5", got.get(0).id());
      assertNull(got.get(1));
      assertEquals("d1", got.get(2).id());
      for (int dir2 : new int[] {1, -1}) {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        do {
          Page<Doc> p = m.search(Map.of(), options().sort("n", dir2).limit(7).cursor(cursor));
          assertEquals(50L, p.total());
          p.items().forEach(x -> assertTrue(seen.add(x.id()), "dup " + x.id()));
          p.items().forEach(x -> order.add(x.id()));
          cursor = p.cursor();
        } while (cursor != null);
        assertEquals(50, seen.size());
      }
      ObjectNode plan = null;
      var q = m.makeSelect(Map.of(), options().sort("n", 1).limit(5)
          .cursor(m.search(Map.of(), options().sort("n", 1).limit(20)).cursor()));
      String explain = db.all("EXPLAIN QUERY PLAN " + q.sql(), q.params().toArray()).toString();
      assertTrue(explain.contains("SEARCH"), explain);
      assertNotNull(q);
      assertNull(plan);
    }
  }
}
