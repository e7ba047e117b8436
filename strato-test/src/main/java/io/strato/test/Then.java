package io.strato.test;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.es.EventFailedException;
import io.strato.es.EventRejectedException;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * What a {@link EsFixture#when(String, Object)} did, with assertions. Every {@code expect...}
 * method returns {@code this} for chaining and fails with an {@link AssertionFailedError}
 * naming the event, the expectation and what was found (expected/actual JSON for IDE diffs).
 * Expected JSON is given as a String (single quotes and unquoted names allowed:
 * {@code "{id:'a1', balance:500}"}), a {@link JsonNode}, a {@code Map} or any object Jackson
 * can convert.
 */
public final class Then {
  private final EsFixture fixture;
  private final Event event;
  private final RuntimeException thrown;
  private final Map<String, Map<String, JsonNode>> before;

  Then(EsFixture fixture, Event event, RuntimeException thrown, Map<String, Map<String, JsonNode>> before) {
    this.fixture = fixture;
    this.event = event;
    this.thrown = thrown;
    this.before = before;
  }

  /**
   * The event as stored (processed, rejected or failed).
   *
   * @return the event
   */
  public Event event() {
    return event;
  }

  /**
   * The exception {@code dispatch} threw: an {@link EventRejectedException}, an
   * {@link EventFailedException}, or null when the event was processed.
   *
   * @return the exception or null
   */
  public RuntimeException thrown() {
    return thrown;
  }

  /**
   * The fixture, to go on with more events.
   *
   * @return the fixture
   */
  public EsFixture and() {
    return fixture;
  }

  private String what() {
    return "event " + event.v() + " (" + event.type() + ")";
  }

  private AssertionFailedError fail(String message, Object expected, Object actual) {
    return new AssertionFailedError(what() + ": " + message, Json.print(expected), Json.print(actual));
  }

  private AssertionFailedError fail(String message) {
    return new AssertionFailedError(what() + ": " + message);
  }

  /**
   * The event was processed: neither rejected nor failed.
   *
   * @return this
   */
  public Then expectSuccess() {
    if (thrown != null) {
      throw fail("expected it to be processed, but " + thrown.getMessage());
    }
    return this;
  }

  /**
   * The model's stored result equals this JSON exactly (keys as stored: {@code set}, {@code ins},
   * {@code upd}, {@code sav}, {@code rm}, opaque keys).
   *
   * @param model the model name
   * @param expectedJson the expected result
   * @return this
   */
  public Then expectResult(String model, Object expectedJson) {
    JsonNode expected = Json.expected(expectedJson);
    JsonNode actual = resultOf(model);
    if (!Json.equal(actual, expected)) {
      throw fail("result." + model + " differs", expected, actual);
    }
    return this;
  }

  /**
   * The model stored no result (it did not change anything).
   *
   * @param model the model name
   * @return this
   */
  public Then expectNoResult(String model) {
    JsonNode actual = resultOf(model);
    if (actual != null && !(actual.isObject() && actual.isEmpty())) {
      throw fail("expected no result for '" + model + "'", null, actual);
    }
    return this;
  }

  private JsonNode resultOf(String model) {
    JsonNode r = event.result() == null ? event.failedResult() : event.result();
    return r == null ? null : r.get(model);
  }

  /**
   * The stored object equals this JSON exactly (committed state, read after the event).
   *
   * @param model the model name
   * @param id the object's id
   * @param expectedJson the expected object
   * @return this
   */
  public Then expectState(String model, Object id, Object expectedJson) {
    JsonNode expected = Json.expected(expectedJson);
    JsonNode actual = fixture.state(model, id);
    if (!Json.equal(actual, expected)) {
      throw fail(model + " '" + id + "' differs", expected, actual);
    }
    return this;
  }

  /**
   * The stored object has at least these fields with these values (nested objects compared
   * the same way; arrays and values exactly).
   *
   * @param model the model name
   * @param id the object's id
   * @param expectedJson the expected fields
   * @return this
   */
  public Then expectStateIncludes(String model, Object id, Object expectedJson) {
    JsonNode expected = Json.expected(expectedJson);
    JsonNode actual = fixture.state(model, id);
    if (actual == null || !Json.includes(actual, expected)) {
      throw fail(model + " '" + id + "' does not include the expected fields", expected, actual);
    }
    return this;
  }

  /**
   * No object with this id is stored.
   *
   * @param model the model name
   * @param id the id
   * @return this
   */
  public Then expectNoState(String model, Object id) {
    JsonNode actual = fixture.state(model, id);
    if (actual != null) {
      throw fail("expected no " + model + " '" + id + "'", null, actual);
    }
    return this;
  }

  /**
   * The processed sub-events directly under the event have these types, in this order.
   *
   * @param types the expected types
   * @return this
   */
  public Then expectSubEvents(String... types) {
    List<String> actual = new ArrayList<>();
    for (Event e : subEvents()) {
      actual.add(e.type());
    }
    if (!actual.equals(Arrays.asList(types))) {
      throw fail("sub-event types differ", Arrays.asList(types), actual);
    }
    return this;
  }

  /**
   * Some sub-event (at any depth) has this type and data including these fields.
   *
   * @param type the type
   * @param expectedData the expected data (fields compared as in {@link #expectStateIncludes})
   * @return this
   */
  public Then expectSubEvent(String type, Object expectedData) {
    JsonNode expected = Json.expected(expectedData);
    List<Event> all = new ArrayList<>();
    flatten(subEvents(), all);
    for (Event e : all) {
      if (e.type().equals(type) && Json.includes(e.data(), expected)) {
        return this;
      }
    }
    throw fail("no sub-event " + type + " with data including " + expected, expected,
        all.stream().map(e -> Map.of("type", e.type(), "data", String.valueOf(e.data()))).toList());
  }

  private List<Event> subEvents() {
    return event.events() == null ? List.of() : event.events();
  }

  private static void flatten(List<Event> events, List<Event> into) {
    for (Event e : events) {
      into.add(e);
      if (e.events() != null) {
        flatten(e.events(), into);
      }
    }
  }

  /**
   * The event was rejected, with a reason containing this text.
   *
   * @param reasonPart part of the reason
   * @return this
   */
  public Then expectRejected(String reasonPart) {
    if (!(thrown instanceof EventRejectedException r)) {
      throw fail("expected a rejection containing '" + reasonPart + "', but "
          + (thrown == null ? "it was processed" : thrown.getMessage()));
    }
    if (!r.reason().contains(reasonPart)) {
      throw fail("rejected for another reason", reasonPart, r.reason());
    }
    return this;
  }

  /**
   * The event was rejected by this model, with a reason containing this text.
   *
   * @param model the rejecting model
   * @param reasonPart part of the reason
   * @return this
   */
  public Then expectRejectedBy(String model, String reasonPart) {
    expectRejected(reasonPart);
    String by = ((EventRejectedException) thrown).model();
    if (!model.equals(by)) {
      throw fail("rejected by another model", model, by);
    }
    return this;
  }

  /**
   * The event failed in this phase and model (its error key {@code _<phase>_<model>}) with a
   * message containing this text.
   *
   * @param phase e.g. {@code preprocess}, {@code reduce}, {@code apply}, {@code transact}
   * @param model the model (for {@code apply}: {@code apply}, {@code version} or {@code derive})
   * @param messagePart part of the stored message
   * @return this
   */
  public Then expectFailure(String phase, String model, String messagePart) {
    if (!(thrown instanceof EventFailedException)) {
      throw fail("expected a failure in " + phase + "/" + model + ", but "
          + (thrown == null ? "it was processed" : thrown.getMessage()));
    }
    String key = "_" + phase + "_" + model;
    JsonNode error = event.error();
    JsonNode text = error == null ? null : error.get(key);
    if (text == null) {
      List<String> keys = new ArrayList<>();
      if (error != null) {
        for (Iterator<String> it = error.fieldNames(); it.hasNext(); ) {
          keys.add(it.next());
        }
      }
      throw fail("no error under " + key, key, keys);
    }
    String message = text.isTextual() ? text.textValue() : text.toString();
    if (!message.contains(messagePart)) {
      throw fail("the " + key + " error does not contain '" + messagePart + "'", messagePart, message);
    }
    return this;
  }

  /**
   * No model's committed state changed (the event queue is not counted).
   *
   * @return this
   */
  public Then expectNothingChanged() {
    String diff = Snapshot.diff(before, Snapshot.of(fixture.es()));
    if (diff != null) {
      throw fail("expected no change, but:" + diff);
    }
    return this;
  }
}
