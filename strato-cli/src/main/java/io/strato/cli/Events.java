package io.strato.cli;

import io.strato.es.EventFailedException;
import io.strato.queue.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** How events are described in tables: their state, a one-line detail, and their time. */
public final class Events {
  private Events() {}

  /**
   * The event's state relative to the state's version.
   *
   * @param e the event as stored
   * @param version the state's version
   * @return {@code failed}, {@code skipped}, {@code rejected}, {@code processed} or {@code pending}
   */
  public static String state(Event e, long version) {
    if (e.error() != null && !e.error().isNull()) {
      return "failed";
    }
    if (skipReason(e) != null) {
      return "skipped";
    }
    if (rejection(e) != null) {
      return "rejected";
    }
    return e.v() <= version ? "processed" : "pending";
  }

  /**
   * The skip reason, when the event was skipped.
   *
   * @param e the event
   * @return the reason, or null
   */
  public static String skipReason(Event e) {
    if (e.result() == null || !e.result().has("_skipped")) {
      return null;
    }
    return e.result().path("_skipped").path("reason").asText("");
  }

  /**
   * The rejection, when a model rejected the event ({@code result.<model>.esFail}).
   *
   * @param e the event
   * @return e.g. {@code accounts: insufficient funds in bob}, or null
   */
  public static String rejection(Event e) {
    if (e.result() == null) {
      return null;
    }
    for (Iterator<String> it = e.result().fieldNames(); it.hasNext();) {
      String model = it.next();
      if (e.result().path(model).has("esFail")) {
        return model + ": " + e.result().path(model).path("esFail").asText();
      }
    }
    return null;
  }

  /**
   * One line about the event: the error summary, the skip reason, or the models it changed.
   *
   * @param e the event
   * @return the text
   */
  public static String detail(Event e) {
    if (e.error() != null && !e.error().isNull()) {
      return EventFailedException.summary(e);
    }
    String reason = skipReason(e);
    if (reason != null) {
      return "skipped: " + reason;
    }
    String rejected = rejection(e);
    if (rejected != null) {
      return "rejected by " + rejected;
    }
    List<String> changed = new ArrayList<>();
    if (e.result() != null) {
      for (Iterator<String> it = e.result().fieldNames(); it.hasNext();) {
        changed.add(it.next());
      }
    }
    String subs = e.events() == null ? "" : " (+" + e.events().size() + " sub-event" + (e.events().size() == 1 ? "" : "s") + ")";
    return (changed.isEmpty() ? "-" : String.join(",", changed)) + subs;
  }

  /**
   * The event's time as an ISO instant.
   *
   * @param e the event
   * @return e.g. {@code 2026-01-01T00:00:00Z}
   */
  public static String time(Event e) {
    return Instant.ofEpochMilli(e.ts()).toString();
  }
}
