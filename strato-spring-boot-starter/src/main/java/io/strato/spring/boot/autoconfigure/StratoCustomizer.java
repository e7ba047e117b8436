package io.strato.spring.boot.autoconfigure;

import io.strato.db.DB;
import io.strato.es.EventSourcingDB;

/**
 * A bean that adjusts the auto-configured strato beans: called with the
 * {@link EventSourcingDB.Builder} before the build (add listeners, settings) and with the built
 * {@link EventSourcingDB} or plain {@link DB}. Ordered by {@code @Order}/{@code Ordered}.
 */
public interface StratoCustomizer {
  /**
   * Adjusts the builder before the EventSourcingDB is built.
   *
   * @param builder the builder, with the {@code strato.*} settings and the models applied
   */
  default void customize(EventSourcingDB.Builder builder) {}

  /**
   * Sees the built (and opened) EventSourcingDB.
   *
   * @param es the DB
   */
  default void built(EventSourcingDB es) {}

  /**
   * Sees the built plain DB ({@code strato.event-sourcing=false}).
   *
   * @param db the DB
   */
  default void built(DB db) {}
}
