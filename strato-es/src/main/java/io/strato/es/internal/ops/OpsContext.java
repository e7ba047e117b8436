package io.strato.es.internal.ops;

import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.es.EventSourcingDB;
import io.strato.es.internal.processing.OperatorAccess;
import io.strato.es.internal.processing.Stage;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.queue.EventQueue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What the history operations work on, and the two rules they share: writes hold the
 * processing lock and the write lock(s), and some operations need the SQLite history table.
 *
 * @param name the DB's name, for messages
 * @param db the state DB
 * @param queueDb the queue's own DB, or null when the history lives in the state DB (or elsewhere)
 * @param log the event log
 * @param records the processed records
 * @param queue the SQLite history table, or null for another event log
 * @param loop the processing loop's operator access, or null when read-only
 * @param stages the models
 * @param replicas builds an {@code EventSourcingDB} with the same code on another (fresh) file,
 *     replaying from the given event log
 */
public record OpsContext(String name, DB db, DB queueDb, EventLog log, ProcessedRecords records, EventQueue queue, OperatorAccess loop,
    List<Stage> stages, BiFunction<Path, EventLog, EventSourcingDB> replicas) {

  /**
   * The SQLite history table, or a clear error.
   *
   * @param op the operation, for the message
   * @return the queue
   * @throws StratoException with another event log
   */
  EventQueue requireQueue(String op) {
    if (queue == null) {
      throw new StratoException("EventSourcingDB '" + name + "': " + op + " needs the SQLite event log (history"
          + " table); " + log + " is another kind");
    }
    return queue;
  }

  /**
   * The processing loop, or a clear error when read-only.
   *
   * @param op the operation
   * @return the loop access
   */
  OperatorAccess requireWritable(String op) {
    if (loop == null) {
      throw new StratoException("EventSourcingDB '" + name + "' is read-only: " + op + " is not possible");
    }
    return loop;
  }

  /**
   * Runs {@code body} with this process's processing lock and the write lock of the state DB
   * (and of the queue's own DB) held, in one transaction each.
   *
   * @param op the operation
   * @param body what to do
   * @param <T> its result
   * @return what it returned
   */
  <T> T writeLocked(String op, Supplier<T> body) {
    OperatorAccess l = requireWritable(op);
    return l.exclusive(() -> db.withTransaction(() -> queueDb == null ? body.get()
        : queueDb.withTransaction(body::get)));
  }

  /**
   * The model names, in phase order.
   *
   * @return the names
   */
  List<String> modelNames() {
    List<String> names = new ArrayList<>();
    stages.forEach(s -> names.add(s.name()));
    return names;
  }

  /**
   * The stage of a model, or a clear error.
   *
   * @param model the name
   * @return the stage
   * @throws IllegalArgumentException for an unknown model
   */
  Stage stage(String model) {
    for (Stage s : stages) {
      if (s.name().equals(model)) {
        return s;
      }
    }
    throw new IllegalArgumentException("EventSourcingDB '" + name + "': unknown model '" + model + "'; the models are "
        + modelNames());
  }

  /**
   * The state's committed version.
   *
   * @return the version
   */
  long version() {
    return db.userVersion();
  }
}
