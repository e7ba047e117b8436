package io.strato.db.internal;

import io.strato.db.StratoException;
import io.strato.db.TxBody;
import java.util.ArrayList;
import java.util.List;

/**
 * Opening and closing of one DB. Opening is lazy and retried: the first call that needs a
 * connection runs the open steps in order (hook, connect and pragmas, hook, migrations in one
 * transaction, hook, the run-once functions, housekeeping); when a step fails every connection
 * is closed again, the DB stays closed and the next call starts over. {@link #close()} may race
 * with calls: it marks the DB closed first, so those calls wait for it on the open lock and
 * then reopen instead of finding the connections gone.
 */
public final class DbLifecycle {
  /**
   * The steps of an open that call back into the DB, in the order they run. The hooks may be
   * null.
   *
   * @param willOpen runs before connecting, on every attempt
   * @param beforeMigrations runs after connecting and setting pragmas
   * @param migrations runs the pending migrations, inside one transaction (skipped read-only)
   * @param markRan records that the migrations ran, so later registrations are refused
   * @param didOpen runs after the migrations, before the run-once functions
   */
  public record OpenSteps(Runnable willOpen, Runnable beforeMigrations, TxBody<Void> migrations,
      Runnable markRan, Runnable didOpen) {}

  private final DbSettings settings;
  private final ConnectionManager connections;
  private final OpenSteps steps;
  private final List<Runnable> runOnce = new ArrayList<>();
  private final Object openLock = new Object();
  private volatile boolean open;
  private volatile Thread openingThread;
  private Housekeeper housekeeper;

  /**
   * Creates the lifecycle of a closed DB.
   *
   * @param settings the DB settings
   * @param connections the DB's connections
   * @param steps the open steps
   */
  public DbLifecycle(DbSettings settings, ConnectionManager connections, OpenSteps steps) {
    this.settings = settings;
    this.connections = connections;
    this.steps = steps;
  }

  /**
   * Whether the DB is open right now.
   *
   * @return true after a successful open and before close
   */
  public boolean isOpen() {
    return open;
  }

  /** Opens the DB unless it is open (or being opened by this thread); see the class comment. */
  public void ensureOpen() {
    // A thread holding the write lock (inside a transaction or a writer call) has a live
    // writer that close() cannot take away; it must not wait for the open lock, which a
    // concurrent close() holds while it waits for that write lock.
    if (open || openingThread == Thread.currentThread() || connections.holdsWriteLock()) {
      return;
    }
    synchronized (openLock) {
      if (open) {
        return;
      }
      openingThread = Thread.currentThread();
      try {
        doOpen();
        open = true;
      } catch (RuntimeException | Error e) {
        connections.closeAll(false);
        throw e;
      } finally {
        openingThread = null;
      }
    }
  }

  private void doOpen() {
    runHook(steps.willOpen());
    connections.openWriter();
    runHook(steps.beforeMigrations());
    if (!settings.readOnly()) {
      connections.transaction(steps.migrations());
    }
    steps.markRan().run();
    runHook(steps.didOpen());
    synchronized (runOnce) {
      while (!runOnce.isEmpty()) {
        runOnce.get(0).run();
        runOnce.remove(0);
      }
    }
    housekeeper = Housekeeper.start(settings, connections);
  }

  private static void runHook(Runnable hook) {
    if (hook != null) {
      hook.run();
    }
  }

  /**
   * Closes every connection, waiting for another thread's running transaction, and stops
   * housekeeping. The next call reopens the DB.
   *
   * @throws StratoException when the calling thread holds the write lock (inside a transaction
   *     or a running query), as closing would pull the connection from under it
   */
  public void close() {
    if (connections.holdsWriteLock()) {
      throw new StratoException("DB '" + settings.name() + "': cannot close() from inside a transaction or a"
          + " running query on the same thread; close it after withTransaction returns");
    }
    synchronized (openLock) {
      // Mark closed first: calls racing with close() then wait for it on the open lock and
      // reopen, instead of finding the connections gone.
      boolean wasOpen = open;
      open = false;
      if (housekeeper != null) {
        housekeeper.stop();
        housekeeper = null;
      }
      connections.closeAll(wasOpen);
    }
  }

  /**
   * Runs the function right after the next successful open, or now on the calling thread when
   * the DB is open. A function that throws fails that open and runs again on the next one.
   *
   * @param fn the function
   */
  public void runOnceOnOpen(Runnable fn) {
    synchronized (openLock) {
      if (!open) {
        synchronized (runOnce) {
          runOnce.add(fn);
        }
        return;
      }
    }
    fn.run();
  }

  /**
   * Whether the housekeeping thread runs.
   *
   * @return true while it runs
   */
  public boolean isHousekeepingRunning() {
    synchronized (openLock) {
      return housekeeper != null && housekeeper.isRunning();
    }
  }
}
