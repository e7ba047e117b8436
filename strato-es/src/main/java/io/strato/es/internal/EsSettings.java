package io.strato.es.internal;

import io.strato.db.DB;
import io.strato.es.internal.processing.ProcessingSettings;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything {@code EventSourcingDB.Builder} collected, checked and frozen: the one value
 * {@link EsWiring} builds an event-sourcing DB from. The builder validates each setting where
 * it is set; this record only groups them.
 *
 * @param file the state file, or null for memory
 * @param name the name used in logs and errors (never null)
 * @param readOnly open read-only (nothing is processed)
 * @param replica a replay/rebuild copy: no init events of its own
 * @param registry the models and standalone phases
 * @param logs how the event log is chosen
 * @param processing batch size, retries, back-off, depth and listeners
 * @param hooks the user's open hooks for the state DB
 * @param dbBuilder a DB builder with the user's tuning and none of their hooks
 */
public record EsSettings(Path file, String name, boolean readOnly, boolean replica, ModelRegistry registry,
    LogSetup.Request logs, ProcessingSettings processing, OpenHooks hooks, Supplier<DB.Builder> dbBuilder) {

  /**
   * The user's hooks around the state DB's open.
   *
   * @param willOpen before the open, or null
   * @param beforeMigrations after the connection opened, before migrations, or null
   * @param didOpen after migrations, or null
   */
  public record OpenHooks(Runnable willOpen, Consumer<DB> beforeMigrations, Consumer<DB> didOpen) {}
}
