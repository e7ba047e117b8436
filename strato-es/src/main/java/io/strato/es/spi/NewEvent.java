package io.strato.es.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event to be added: a type and its data. Returned by reducers (as sub-events) and by
 * {@code ESModel.setEvent(...)} and friends.
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
}
