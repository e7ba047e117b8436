package io.strato.es.spi;

import io.strato.queue.Event;

/**
 * Rewrites an old event's type and data before it is preprocessed, so the current code only
 * has to understand the current shape of each event. Applied in processing, in
 * {@code rebuild}, {@code replayInto} and {@code verify} alike; the stored event is never
 * changed (its {@code result} is stored beside the original type and data).
 *
 * <p>Found by {@code EventSourcingDB.builder().discoverModels()} with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.strato.es.spi.Upcaster} or
 * {@code provides io.strato.es.spi.Upcaster with ...}), or registered with
 * {@code builder().upcaster(...)}. At most one upcaster per type; an upcaster may return an
 * event of another type that has an upcaster of its own (v1 → v2 → v3, at most 16 steps).
 *
 * <pre>{@code
 * public final class AccountOpenedV1 implements Upcaster {
 *   public String type() { return "account/open"; }              // the old name
 *   public Event upcast(Event e) {
 *     ObjectNode d = ((ObjectNode) e.data()).deepCopy();
 *     d.set("owner", d.remove("name"));                          // renamed field
 *     return e.withType("account/opened").withData(d);
 *   }
 * }
 * }</pre>
 */
public interface Upcaster {
  /**
   * The event type this upcaster rewrites.
   *
   * @return the type, non-empty
   */
  String type();

  /**
   * Rewrites the event.
   *
   * @param event the event as stored (or as the previous upcaster returned it)
   * @return the event to process, with the same {@code v} and a non-empty type; null for unchanged
   * @throws Exception any failure: the event fails with error key {@code _upcast_<type>}
   */
  Event upcast(Event event) throws Exception;
}
