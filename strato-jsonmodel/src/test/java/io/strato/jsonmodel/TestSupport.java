package io.strato.jsonmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small helpers shared by the JsonModel tests. */
final class TestSupport {
  static final ObjectMapper M = new ObjectMapper();

  private TestSupport() {}

  /** An ObjectNode from key/value pairs (values mapped with Jackson; null values are kept as JSON null). */
  static ObjectNode obj(Object... kv) {
    ObjectNode n = M.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      n.set((String) kv[i], M.valueToTree(kv[i + 1]));
    }
    return n;
  }

  /** The node with numbers normalised (IntNode vs LongNode), for comparing trees. */
  static com.fasterxml.jackson.databind.JsonNode norm(com.fasterxml.jackson.databind.JsonNode n) {
    try {
      return n == null ? null : M.readTree(n.toString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonModel<ObjectNode> model(DB db, ModelConfig.Builder<ObjectNode> b) {
    ModelConfig<ObjectNode> cfg = b.build();
    return db.addModel(d -> new JsonModel<>(d, cfg));
  }

  /** column name → declared type, from PRAGMA table_info. */
  static Map<String, String> tableInfo(DB db, String table) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : db.all("SELECT name, type FROM pragma_table_info(?)", table)) {
      out.put(r.getString("name"), r.getString("type"));
    }
    return out;
  }

  static String indexSql(DB db, String index) {
    return db.get("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", index)
        .map(r -> r.getString("sql")).orElse(null);
  }

  static Row rawRow(DB db, String table, String idCol, Object id) {
    return db.get("SELECT * FROM \"" + table + "\" WHERE \"" + idCol + "\" = ?", id).orElseThrow();
  }

  static List<String> ids(List<ObjectNode> items) {
    List<String> out = new ArrayList<>();
    for (ObjectNode n : items) {
      out.add(n == null ? null : n.path("id").asText());
    }
    return out;
  }

  static String explain(DB db, SelectQuery q) {
    StringBuilder b = new StringBuilder();
    for (Row r : db.all("EXPLAIN QUERY PLAN " + q.sql(), q.params().toArray())) {
      b.append(r.getString("detail")).append('\n');
    }
    return b.toString();
  }
}
