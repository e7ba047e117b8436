package io.strato.es.internal.processing;

import io.strato.db.DB;
import io.strato.queue.Event;
import java.util.function.Supplier;

/**
 * "Run in a savepoint, roll back on failure": an event (main or sub) whose outcome is a failed
 * event leaves nothing behind, while the failed event itself is returned to be stored.
 */
final class Savepoints {
  private Savepoints() {}

  /** Carries a failed event out of its savepoint so only its changes roll back. */
  private static final class Rollback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Event event;

    Rollback(Event event) {
      super(null, null, false, false);
      this.event = event;
    }
  }

  /**
   * Runs {@code body} in a savepoint; when it returns a failed event the savepoint is rolled
   * back and that event returned.
   *
   * @param db the state DB (inside its transaction)
   * @param body processes one event
   * @return the processed or failed event
   */
  static Event run(DB db, Supplier<Event> body) {
    try {
      return db.withSavepoint(() -> {
        Event e = body.get();
        if (e.failed()) {
          throw new Rollback(e);
        }
        return e;
      });
    } catch (Rollback r) {
      return r.event;
    }
  }
}
