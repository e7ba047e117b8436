package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Encodes keyset cursors: the sort values of a boundary row, a direction flag and a signature
 * of the sort they belong to, as URL-safe Base64 of a CRC32 followed by a small JSON array. Decoded values are
 * only ever bound as query parameters, never pasted into SQL.
 */
public final class CursorCodec {
  private static final int MAX_CURSOR_LENGTH = 64 * 1024;
  private final ObjectMapper mapper;

  /**
   * A decoded cursor.
   *
   * @param before true for a previous-page cursor (rows before the boundary)
   * @param values the boundary row's sort values (Long, Double, String, byte[] or null)
   */
  public record Decoded(boolean before, List<Object> values) {}

  /**
   * Creates a codec.
   *
   * @param mapper the mapper used for the JSON form
   */
  public CursorCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Encodes a cursor.
   *
   * @param signature the sort's signature
   * @param before previous-page cursor
   * @param values the boundary values
   * @return the cursor text
   */
  public String encode(int signature, boolean before, List<Object> values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    a.add(before ? "b" : "a");
    a.add(signature);
    for (Object v : values) {
      if (v == null) {
        a.addNull();
      } else if (v instanceof Long l) {
        a.add(l);
      } else if (v instanceof Integer i) {
        a.add(i.longValue());
      } else if (v instanceof Double d) {
        a.add(d);
      } else if (v instanceof byte[] b) {
        a.addObject().put("b", Base64.getEncoder().encodeToString(b));
      } else {
        a.add(v.toString());
      }
    }
    byte[] json = a.toString().getBytes(StandardCharsets.UTF_8);
    byte[] out = ByteBuffer.allocate(4 + json.length).putInt(checksum(json)).put(json).array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /**
   * A CRC32 of the cursor's JSON, stored in front of it, so that a cursor that was cut, edited
   * or garbled is rejected instead of silently starting somewhere else. This is an integrity
   * check, not a security measure: cursor values are only ever bound as parameters.
   */
  private static int checksum(byte[] json) {
    CRC32 crc = new CRC32();
    crc.update(json);
    return (int) crc.getValue();
  }

  /**
   * Decodes a cursor.
   *
   * @param cursor the cursor text
   * @param signature the signature of the current sort
   * @param count the number of sort values expected
   * @param model the model name for errors
   * @return the decoded cursor
   * @throws IllegalArgumentException when the cursor is malformed, tampered with, or from
   *     another sort
   */
  public Decoded decode(String cursor, int signature, int count, String model) {
    String bad = "JsonModel '" + model + "': invalid cursor";
    if (cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
      throw new IllegalArgumentException(bad + " (empty or too long)");
    }
    JsonNode root = verifiedJson(cursor, bad);
    if (root == null || !root.isArray() || root.size() < 2 || !root.get(0).isTextual() || !root.get(1).isInt()) {
      throw new IllegalArgumentException(bad + " (malformed)");
    }
    String flag = root.get(0).textValue();
    if (!flag.equals("a") && !flag.equals("b")) {
      throw new IllegalArgumentException(bad + " (malformed direction)");
    }
    if (root.get(1).intValue() != signature) {
      throw new IllegalArgumentException(bad + ": it belongs to a search with a different sort");
    }
    if (root.size() - 2 != count) {
      throw new IllegalArgumentException(bad + ": expected " + count + " sort values, found " + (root.size() - 2));
    }
    List<Object> values = new ArrayList<>(count);
    for (int i = 2; i < root.size(); i++) {
      values.add(value(root.get(i), bad));
    }
    return new Decoded(flag.equals("b"), values);
  }

  /** The JSON inside a cursor, once its checksum matches. */
  private JsonNode verifiedJson(String cursor, String bad) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(cursor);
      if (raw.length < 5) {
        throw new IllegalArgumentException(bad + " (too short)");
      }
      ByteBuffer buf = ByteBuffer.wrap(raw);
      int check = buf.getInt();
      byte[] json = new byte[raw.length - 4];
      buf.get(json);
      if (check != checksum(json)) {
        throw new IllegalArgumentException(bad + " (checksum mismatch: the cursor was changed)");
      }
      return mapper.readTree(json);
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith(bad) ? e
          : new IllegalArgumentException(bad + " (not a cursor of this library)", e);
    } catch (Exception e) {
      throw new IllegalArgumentException(bad + " (not a cursor of this library)", e);
    }
  }

  /** One sort value as it was encoded: null, long, double, text or bytes. */
  private static Object value(JsonNode n, String bad) {
    if (n.isNull()) {
      return null;
    } else if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    } else if (n.isNumber()) {
      return n.doubleValue();
    } else if (n.isTextual()) {
      return n.textValue();
    } else if (n.isObject() && n.size() == 1 && n.path("b").isTextual()) {
      try {
        return Base64.getDecoder().decode(n.get("b").textValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(bad + " (malformed bytes)", e);
      }
    }
    throw new IllegalArgumentException(bad + " (unexpected value)");
  }
}
