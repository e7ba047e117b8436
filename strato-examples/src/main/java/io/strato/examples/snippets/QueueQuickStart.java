package io.strato.examples.snippets;

import io.strato.db.DB;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** README quick start for strato-queue. Compiled and tested with the build. */
public final class QueueQuickStart {
  private QueueQuickStart() {}

  /**
   * Adds events and reads them back in order.
   *
   * @param file the database file
   * @return the type of the event after the first
   */
  public static String run(Path file) {
    // --- snippet: queue
    try (DB db = DB.file(file)) {
      EventQueue queue = db.addModel(EventQueue::new);
      Event placed = queue.add("order/placed", Map.of("order", 42));     // placed.v() == 1
      queue.add("order/shipped", Map.of("order", 42));
      Optional<Event> next = queue.getNext(placed.v(), true);             // noWait: empty when none
      return next.orElseThrow().type();                                    // "order/shipped"
    }
    // --- end
  }
}
