package io.strato.es.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An event to be added: a type and its data. Returned by reducers (as sub-events) and by
 * {@code ESModel.setEvent(...)} and friends. Build one from plain Java data with
 * {@link #of(String, Object)}.
 *
 * @param type the event type, non-empty
 * @param data the payload (may be null)
 */
public record NewEvent(String type, JsonNode data) {
  /**
   * Creates an event.
   *
   * @param type the event type
   * @param data the payload
   * @throws IllegalArgumentException for a null or empty type
   */
  public NewEvent {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("NewEvent: type must be a non-empty string");
    }
  }

  /** Plain Jackson defaults, the same mapping {@code ctx.addEvent} gives a map or a record. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * An event from plain Java data: a map, a record, a POJO, a JsonNode or null.
   *
   * <pre>{@code
   * return ReduceResult.result().events(NewEvent.of("mail/send", Map.of("to", email)));
   * }</pre>
   *
   * @param type the event type, non-empty
   * @param data the payload (anything Jackson can serialise), may be null
   * @return the event
   * @throws IllegalArgumentException for an empty type, or data Jackson cannot serialise
   */
  public static NewEvent of(String type, Object data) {
    JsonNode node = data == null ? null : data instanceof JsonNode j ? j : MAPPER.valueToTree(data);
    return new NewEvent(type, node == null || node.isNull() ? null : node);
  }
}
