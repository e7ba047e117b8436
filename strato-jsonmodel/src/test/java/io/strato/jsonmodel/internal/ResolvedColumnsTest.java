package io.strato.jsonmodel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.jsonmodel.Column;
import io.strato.jsonmodel.ColumnDef;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.ModelConfig;
import org.junit.jupiter.api.Test;

/** {@link ResolvedColumns}: the resolved column behind a public {@link Column}, for io.strato.es. */
class ResolvedColumnsTest {
  @Test
  void givesTheResolvedColumnWithItsValueFunction() throws Exception {
    try (DB db = DB.memory()) {
      ModelConfig<ObjectNode> cfg = ModelConfig.builder("m")
          .column("id", ColumnDef.column().value(o -> "id-" + o.path("n").asText()))
          .column("s", ColumnDef.column().slugValue(o -> o.path("n").asText()).index(io.strato.jsonmodel.IndexKind.DEFAULT))
          .build();
      JsonModel<ObjectNode> m = db.addModel(d -> new JsonModel<>(d, cfg));
      ResolvedColumn id = ResolvedColumns.of(m.columns().get("id"));
      assertEquals("id", id.name());
      assertNotNull(id.value());
      assertFalse(id.slug());
      assertEquals("id-x", id.value().apply(new ObjectMapper().createObjectNode().put("n", "x")));
      ResolvedColumn s = ResolvedColumns.of(m.columns().get("s"));
      assertTrue(s.slug());
      assertNull(ResolvedColumns.of(m.columns().get("json")).value());
    }
  }

  @Test
  void misuseIsAClearError() {
    assertThrows(IllegalArgumentException.class, () -> ResolvedColumns.of(null));
    // Column installed the accessor when its class initialized; nobody may replace it
    ResolvedColumns.of(columnOfAModel());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ResolvedColumns.install(c -> null));
    assertTrue(e.getMessage().contains("installed already"), e.getMessage());
  }

  private static Column columnOfAModel() {
    try (DB db = DB.memory()) {
      ModelConfig<ObjectNode> cfg = ModelConfig.builder("m").build();
      return db.addModel(d -> new JsonModel<>(d, cfg)).columns().get("id");
    }
  }
}
