package io.strato.queue.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.StratoException;
import io.strato.queue.Event;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The queue's JSON conversions, with its own mapper (which keeps null properties inside event
 * data): event data to a tree, trees and texts to events, and the error messages naming the
 * queue. Thread-safe: immutable.
 */
public final class EventJson {
  /** The deepest nesting accepted in event data, as JsonModel accepts in its items. */
  public static final int MAX_DEPTH = 1000;

  private final ObjectMapper mapper;
  private final String label;
  private final JavaType eventList;

  /**
   * The conversions of one queue.
   *
   * @param mapper the queue's mapper
   * @param queue the queue's name, for messages
   */
  public EventJson(ObjectMapper mapper, String queue) {
    this.mapper = mapper;
    this.label = "EventQueue '" + queue + "'";
    this.eventList = mapper.getTypeFactory().constructCollectionType(List.class, Event.class);
  }

  /**
   * The queue's mapper.
   *
   * @return the mapper
   */
  public ObjectMapper mapper() {
    return mapper;
  }

  /**
   * The JSON that event data becomes when added. A JsonNode is copied, so the stored event
   * never shares the caller's tree.
   *
   * @param data the payload, may be null
   * @return the JSON, or null for none (null, JSON null, missing)
   * @throws IllegalArgumentException when it cannot be serialised or nests more than
   *     {@link #MAX_DEPTH} levels deep
   */
  public JsonNode toData(Object data) {
    if (data == null) {
      return null;
    }
    checkDepth(data);
    JsonNode n;
    try {
      n = data instanceof JsonNode j ? j.deepCopy() : mapper.valueToTree(data);
    } catch (StackOverflowError | IllegalArgumentException e) {
      throw new IllegalArgumentException(label + ": cannot serialise event data of type " + data.getClass().getName()
          + ": " + e.getMessage(), e);
    }
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  /** Walks the value without recursion (a cyclic Map ends at the limit too). */
  private void checkDepth(Object v) {
    ArrayDeque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {v, 0});
    while (!stack.isEmpty()) {
      Object[] top = stack.pop();
      int depth = (Integer) top[1];
      if (depth > MAX_DEPTH) {
        throw new IllegalArgumentException(label + ": cannot serialise event data: it is nested more than "
            + MAX_DEPTH + " levels deep");
      }
      Iterable<?> children = top[0] instanceof JsonNode n && n.isContainerNode() ? n
          : top[0] instanceof Map<?, ?> m ? m.values()
          : top[0] instanceof Iterable<?> it ? it
          : top[0] instanceof Object[] a ? Arrays.asList(a) : null;
      if (children != null) {
        for (Object c : children) {
          if (c != null) {
            stack.push(new Object[] {c, depth + 1});
          }
        }
      }
    }
  }

  /**
   * JSON text of a tree.
   *
   * @param node the tree
   * @return the text
   * @throws IllegalArgumentException when it cannot be written
   */
  public String write(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(label + ": cannot serialise event data: " + e.getMessage(), e);
    }
  }

  /**
   * A stored JSON text as a tree.
   *
   * @param text the text, may be null
   * @param v the event's version, for messages
   * @param column the column, for messages
   * @return the tree, or null for null or JSON null
   * @throws StratoException when the text is not JSON
   */
  public JsonNode parse(String text, long v, String column) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode n = mapper.readTree(text);
      return n == null || n.isNull() ? null : n;
    } catch (JsonProcessingException e) {
      throw new StratoException(label + ": event " + v + " has invalid JSON in " + column + ": "
          + e.getOriginalMessage(), e);
    }
  }

  /**
   * A stored value that must be an object.
   *
   * @param n the value, may be null
   * @param v the event's version, for messages
   * @param field the field, for messages
   * @return the object, or null for none
   * @throws StratoException when it is not an object
   */
  public ObjectNode objectOrNull(JsonNode n, long v, String field) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n instanceof ObjectNode o) {
      return o;
    }
    throw new StratoException(label + ": event " + v + " has a " + field + " that is not a JSON object");
  }

  /**
   * Stored sub-events as events.
   *
   * @param events their JSON array, may be null
   * @return the events, or null
   */
  public List<Event> events(JsonNode events) {
    return events == null ? null : mapper.convertValue(events, eventList);
  }

  /**
   * An event as the table's document tree.
   *
   * @param event the event
   * @return a fresh tree
   */
  public ObjectNode toTree(Event event) {
    return mapper.valueToTree(event);
  }

  /**
   * A document tree read from the table as an event.
   *
   * @param tree the tree
   * @return the event
   * @throws StratoException when the stored document is not an event
   */
  public Event fromTree(ObjectNode tree) {
    try {
      return mapper.treeToValue(tree, Event.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new StratoException(label + ": cannot read stored event " + tree.path("v") + ": " + e.getMessage(), e);
    }
  }
}
