package io.strato.test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Iterator;
import java.util.Map;

/** JSON helpers for the assertions: lenient parsing of expectations, comparison, printing. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES)
      .enable(JsonParser.Feature.ALLOW_UNQUOTED_FIELD_NAMES)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Json() {}

  /**
   * An expectation as a tree: a String is parsed as JSON (single quotes and unquoted names
   * allowed), anything else is converted.
   */
  static JsonNode expected(Object expected) {
    if (expected instanceof JsonNode n) {
      return n;
    }
    if (expected instanceof String s) {
      try {
        return MAPPER.readTree(s);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("strato-test: expected JSON does not parse: " + s + " (" + e.getOriginalMessage()
            + ")", e);
      }
    }
    return MAPPER.valueToTree(expected);
  }

  /** Whether {@code actual} has every field of {@code expected} with equal values (objects recursively). */
  static boolean includes(JsonNode actual, JsonNode expected) {
    if (expected == null || expected.isNull()) {
      return actual == null || actual.isNull() || actual.isMissingNode();
    }
    if (actual == null) {
      return false;
    }
    if (expected.isObject() && actual.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!includes(actual.get(f.getKey()), f.getValue())) {
          return false;
        }
      }
      return true;
    }
    return equal(actual, expected);
  }

  /** Equality that treats numbers by value (1 equals 1.0). */
  static boolean equal(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equals((x, y) -> x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y)
        ? 0 : 1, b);
  }

  /** Pretty, key-sorted text for messages. */
  static String print(Object node) {
    if (node == null) {
      return "(nothing)";
    }
    try {
      JsonNode tree = MAPPER.valueToTree(node);
      Object sorted = MAPPER.treeToValue(tree, Object.class);
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sorted);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return String.valueOf(node);
    }
  }
}
