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
    }
    if (node == null || node.isNull()) {
      return null;
    }
    if (!needsRoundTrip(node)) {
      return node;
    }
    try {
      return mapper.readTree(mapper.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise event data: " + e.getOriginalMessage(), e);
    }
  }

  /** Whether any node in the tree reads back as another kind of node. */
  private static boolean needsRoundTrip(JsonNode n) {
    JsonNodeType t = n.getNodeType();
    if (t == JsonNodeType.BINARY || t == JsonNodeType.POJO) {
      return true;
    }
    if (t == JsonNodeType.NUMBER) {
      return n.isFloat() || n.isBigDecimal() || n.isBigInteger();
    }
    if (n.isContainerNode()) {
      for (JsonNode child : n) {
        if (needsRoundTrip(child)) {
          return true;
        }
      }
    }
    return false;
  }
}
