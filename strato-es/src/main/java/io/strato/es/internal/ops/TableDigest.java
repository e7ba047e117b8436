package io.strato.es.internal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.db.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A table as id → digest of the whole row (every column, with its type), streamed row by row:
 * two tables are equal row by row when their digests are. Keeps 8 bytes per row, not the rows.
 */
final class TableDigest {
  private TableDigest() {}

  static Map<String, Long> of(DB db, String table, String idCol) {
    Map<String, Long> out = new HashMap<>();
    MessageDigest md = sha256();
    db.each("SELECT * FROM " + Sql.quoteId(table), java.util.List.of(), r -> {
      out.put(String.valueOf(r.get(idCol)), digest(md, r));
    });
    return out;
  }

  private static long digest(MessageDigest md, Row r) {
    md.reset();
    for (String col : r.columns()) {
      Object v = r.get(col);
      String s = col + "\u0000" + (v == null ? "null" : v.getClass().getSimpleName() + ":"
          + (v instanceof byte[] b ? Arrays.toString(b) : v instanceof String t ? canonicalJson(t) : v.toString()))
          + "\u0001";
      md.update(s.getBytes(StandardCharsets.UTF_8));
    }
    byte[] d = md.digest();
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (d[i] & 0xff);
    }
    return h;
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * JSON text with its object keys sorted, so two rows holding the same document compare equal
   * whatever order their keys were written in (a reducer building objects with {@code Map.of}
   * writes a different order in every JVM); any other text as it is.
   */
  static String canonicalJson(String text) {
    if (text.isEmpty() || (text.charAt(0) != '{' && text.charAt(0) != '[')) {
      return text;
    }
    try {
      StringBuilder b = new StringBuilder(text.length());
      canonical(MAPPER.readTree(text), b);
      return b.toString();
    } catch (java.io.IOException e) {
      return text;
    }
  }

  private static void canonical(JsonNode n, StringBuilder b) {
    if (n.isObject()) {
      java.util.List<String> keys = new java.util.ArrayList<>();
      n.fieldNames().forEachRemaining(keys::add);
      java.util.Collections.sort(keys);
      b.append('{');
      for (String k : keys) {
        b.append(MAPPER.valueToTree(k).toString()).append(':');
        canonical(n.get(k), b);
        b.append(',');
      }
      b.append('}');
    } else if (n.isArray()) {
      b.append('[');
      for (JsonNode c : n) {
        canonical(c, b);
        b.append(',');
      }
      b.append(']');
    } else {
      b.append(n.toString());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
