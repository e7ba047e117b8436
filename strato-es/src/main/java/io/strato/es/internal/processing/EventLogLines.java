package io.strato.es.internal.processing;

import io.strato.es.EventRejectedException;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** The DEBUG line for each processed event, in one place so every processing path says the same. */
final class EventLogLines {
  private EventLogLines() {}

  /**
   * Logs one processed (or rejected) event at DEBUG: version, type, duration, models changed,
   * sub-events and the rejection reason.
   */
  static void processed(Logger log, String dbName, Event e, long nanos) {
    List<String> models = new ArrayList<>();
    if (e.result() != null) {
      for (Iterator<String> it = e.result().fieldNames(); it.hasNext(); ) {
        models.add(it.next());
      }
    }
    String rejected = EventRejectedException.reasonOf(e).map(r -> ", rejected: " + r).orElse("");
    int subs = e.events() == null ? 0 : e.events().size();
    log.debug("EventSourcingDB '{}': event {} ({}) processed in {} us; models {}; {} sub-events{}", dbName, e.v(),
        e.type(), TimeUnit.NANOSECONDS.toMicros(nanos), models, subs, rejected);
  }

}
