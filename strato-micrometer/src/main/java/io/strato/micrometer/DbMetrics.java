package io.strato.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.strato.db.DB;
import io.strato.db.DBException;
import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import io.strato.micrometer.internal.SqlKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters for one {@link DB}, fed by a {@link DBListener}:
 *
 * <ul>
 *   <li>{@code strato.db.query} (timer): every query, tags {@code db}, {@code kind}
 *       ({@code read}/{@code write}, from the statement's first keyword) and {@code outcome}
 *       ({@code success}/{@code error}). Never the SQL text or parameters.
 *   <li>{@code strato.db.transaction} (timer): from {@code BEGIN IMMEDIATE} (after the lock was
 *       taken) to commit or rollback, tags {@code db}, {@code outcome}
 *       ({@code commit}/{@code rollback}).
 *   <li>{@code strato.db.busy} (counter): queries that failed with {@code SQLITE_BUSY}, i.e. gave up
 *       after the busy timeout.
 *   <li>{@code strato.db.busy.retries} (counter): each retry of a {@code BEGIN IMMEDIATE} that
 *       found the write lock held by another connection or process
 *       ({@link DBListener#onBusyRetry}): contention that callers only feel as latency.
 * </ul>
 *
 * <p>Create with {@link StratoMetrics#bind(MeterRegistry, DB)} (or {@code new DbMetrics(db)} and
 * {@link #bindTo(MeterRegistry)}); {@link #close()} unregisters the listener and removes the
 * meters. Thread-safe: the listener runs on the threads doing the work.
 */
public final class DbMetrics implements MeterBinder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DbMetrics.class);
  private final DB db;
  private final String name;
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private volatile MeterRegistry registry;
  private volatile AutoCloseable handle;
  private final ThreadLocal<Long> txStart = new ThreadLocal<>();
  /** Meters by tag values, so that a query does not build a meter id each time. */
  private final Map<String, Meter> cache = new ConcurrentHashMap<>();

  /**
   * Meters for a DB, tagged {@code db=<db.name()>}.
   *
   * @param db the DB
   */
  public DbMetrics(DB db) {
    this(db, db.name());
  }

  /**
   * Meters for a DB with an explicit {@code db} tag.
   *
   * @param db the DB
   * @param name the {@code db} tag value (a configured name, never an id)
   */
  public DbMetrics(DB db, String name) {
    if (db == null || name == null) {
      throw new IllegalArgumentException("DbMetrics: db and name must not be null");
    }
    this.db = db;
    this.name = name;
  }

  /**
   * Registers the listener on the DB; meters are created on first use.
   *
   * @param registry the registry
   * @throws IllegalStateException when already bound
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    if (this.registry != null) {
      throw new IllegalStateException("DbMetrics for DB '" + name + "' is already bound");
    }
    this.registry = registry;
    this.handle = db.addListener(new Listener());
  }

  /** Unregisters the listener and removes this binder's meters from the registry. */
  @Override
  public synchronized void close() {
    if (handle != null) {
      try {
        handle.close();
      } catch (Exception e) {
        LOG.warn("DbMetrics for DB '{}': could not unregister the listener", name, e);
      }
      handle = null;
    }
    MeterRegistry r = registry;
    if (r != null) {
      meters.forEach(r::remove);
    }
    meters.clear();
    cache.clear();
  }

  private Timer timer(String key, Supplier<Timer.Builder> builder) {
    return (Timer) cache.computeIfAbsent(key, k -> track(builder.get().register(registry)));
  }

  private <M extends Meter> M track(M meter) {
    if (!meters.contains(meter)) {
      meters.add(meter);
    }
    return meter;
  }

  private Tags tags(String... kv) {
    return Tags.of("db", name).and(kv);
  }

  private final class Listener implements DBListener {
    @Override
    public void onBegin() {
      txStart.set(System.nanoTime());
    }

    @Override
    public void onEnd() {
      stop("commit");
    }

    @Override
    public void onRollback() {
      stop("rollback");
    }

    private void stop(String outcome) {
      Long start = txStart.get();
      txStart.remove();
      if (start != null) {
        timer("tx|" + outcome, () -> Timer.builder(StratoMetrics.DB_TRANSACTION).description("SQLite write transactions")
            .tags(tags("outcome", outcome))).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void onBusyRetry(int attempt, long pauseMillis) {
      ((Counter) cache.computeIfAbsent("busyRetry", k -> track(Counter.builder(StratoMetrics.DB_BUSY_RETRIES)
          .description("retries of a write transaction that found the write lock held").tags(tags())
          .register(registry)))).increment();
    }

    @Override
    public void onCall(QueryEvent call) {
      boolean failed = call.error() != null;
      String kind = SqlKind.of(call.sql());
      String outcome = failed ? "error" : "success";
      timer("q|" + kind + "|" + outcome, () -> Timer.builder(StratoMetrics.DB_QUERY)
          .description("SQL statements run by strato").tags(tags("kind", kind, "outcome", outcome)))
          .record(call.durationNanos(), TimeUnit.NANOSECONDS);
      if (failed && isBusy(call.error())) {
        ((Counter) cache.computeIfAbsent("busy", k -> track(Counter.builder(StratoMetrics.DB_BUSY)
            .description("statements that gave up on a locked database").tags(tags()).register(registry))))
            .increment();
      }
    }
  }

  private static boolean isBusy(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DBException e && e.primaryCode() == DBException.SQLITE_BUSY) {
        return true;
      }
      if (c instanceof java.sql.SQLException e && (e.getErrorCode() & 0xff) == DBException.SQLITE_BUSY) {
        return true;
      }
    }
    return false;
  }
}
