package io.strato.test;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DBModel;
import io.strato.es.EventSourcingDB;
import io.strato.jsonmodel.JsonModel;
import java.util.Map;
import java.util.TreeMap;

/** The committed state of every model of a DB (the event queue excluded), by model and id. */
final class Snapshot {
  private Snapshot() {}

  /** Model name → (id → object as JSON), both sorted. */
  static Map<String, Map<String, JsonNode>> of(EventSourcingDB es) {
    Map<String, Map<String, JsonNode>> all = new TreeMap<>();
    for (Map.Entry<String, DBModel> m : es.store().entrySet()) {
      // the event queue is no JsonModel, so only the models' tables are taken
      if (m.getValue() instanceof JsonModel<?> model) {
        all.put(m.getKey(), rows(model));
      }
    }
    return all;
  }

  private static Map<String, JsonNode> rows(JsonModel<?> model) {
    Map<String, JsonNode> rows = new TreeMap<>();
    for (Object item : model.all()) {
      JsonNode n = model.objectMapper().valueToTree(item);
      rows.put(n.path(model.idCol()).asText(), n);
    }
    return rows;
  }

  /** A readable description of the first differences, or null when equal. */
  static String diff(Map<String, Map<String, JsonNode>> before, Map<String, Map<String, JsonNode>> after) {
    StringBuilder b = new StringBuilder();
    TreeMap<String, Object> models = new TreeMap<>(before);
    models.putAll(after);
    for (String model : models.keySet()) {
      Map<String, JsonNode> x = before.getOrDefault(model, Map.of());
      Map<String, JsonNode> y = after.getOrDefault(model, Map.of());
      TreeMap<String, Object> ids = new TreeMap<>(x);
      ids.putAll(y);
      for (String id : ids.keySet()) {
        JsonNode bx = x.get(id);
        JsonNode ay = y.get(id);
        if (!Json.equal(bx, ay)) {
          b.append("\n  ").append(model).append(" '").append(id).append("': ")
              .append(bx == null ? "(absent)" : bx.toString()).append(" -> ").append(ay == null ? "(absent)" : ay.toString());
        }
      }
    }
    return b.length() == 0 ? null : b.toString();
  }
}
