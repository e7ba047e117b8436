package io.strato.es.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;

/**
 * Turns a dispatcher's data into the JSON the event log stores, in the form a replay will read
 * back. Jackson keeps some Java values as special nodes (BigDecimal, float, BigInteger, byte[],
 * arbitrary POJOs) that print as JSON but read back as other nodes (a double, base64 text): a
 * reducer would see one thing when the event is first processed and another on replay. Such
 * trees are round-tripped through their JSON text, so the first processing sees exactly what
 * was stored.
 */
public final class EventData {
  /** The deepest nesting accepted, as {@code EventQueue} accepts. */
  private static final int MAX_DEPTH = 1000;
  private EventData() {}

  /**
   * The stored form of {@code data}.
   *
   * @param mapper the mapper that writes the log
   * @param data anything Jackson can serialise, or null
   * @return the JSON as a replay reads it, or null
   * @throws IllegalArgumentException when the data cannot be serialised
   */
  public static JsonNode canonical(ObjectMapper mapper, Object data) {
    if (data == null) {
      return null;
    }
    JsonNode node;
    try {
      node = data instanceof JsonNode j ? j : mapper.valueToTree(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot serialise event data: " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new IllegalArgumentException("cannot serialise event data: nested too deeply", e);
    }
    return canonicalTree(mapper, node);
  }

  /**
   * The stored form of a tree already checked by the log (e.g. {@code EventQueue.toData}, which
   * bounds the nesting depth).
   *
   * @param mapper the mapper that writes the log
   * @param node the tree, or null
   * @return the JSON as a replay reads it, or null
   */
  public static JsonNode canonicalTree(ObjectMapper mapper, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!needsRoundTrip(node, 0)) {
      return node;
    }
    try {
      return mapper.readTree(mapper.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise event data: " + e.getOriginalMessage(), e);
    }
  }

  /** Whether any node in the tree reads back as another kind of node. */
  private static boolean needsRoundTrip(JsonNode n, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("cannot serialise event data: nested more than " + MAX_DEPTH + " levels deep");
    }
    JsonNodeType t = n.getNodeType();
    if (t == JsonNodeType.BINARY || t == JsonNodeType.POJO) {
      return true;
    }
    if (t == JsonNodeType.NUMBER) {
      return n.isFloat() || n.isBigDecimal() || n.isBigInteger();
    }
    if (n.isContainerNode()) {
      for (JsonNode child : n) {
        if (needsRoundTrip(child, depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }
}
