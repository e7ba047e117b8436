package io.strato.db.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic incremental vacuum and {@code PRAGMA optimize} on one daemon thread. The steps
 * skip a round when the writer is busy rather than queue behind a transaction.
 */
public final class Housekeeper {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
  private final ScheduledExecutorService executor;

  private Housekeeper(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /**
   * Starts the housekeeping tasks the settings ask for.
   *
   * @param s the settings
   * @param cm the connections
   * @return the running housekeeper, or null when there is nothing to do
   */
  public static Housekeeper start(DbSettings s, ConnectionManager cm) {
    boolean vacuum = s.autoVacuum() && !s.readOnly() && positive(s.vacuumInterval());
    boolean optimize = !s.readOnly() && positive(s.optimizeInterval());
    if (!vacuum && !optimize) {
      return null;
    }
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strato-db-housekeeping-" + s.name());
      t.setDaemon(true);
      return t;
    });
    if (vacuum) {
      long ms = s.vacuumInterval().toMillis();
      String sql = "PRAGMA incremental_vacuum(" + s.vacuumPageCount() + ")";
      ex.scheduleWithFixedDelay(() -> step(s, cm, sql), ms, ms, TimeUnit.MILLISECONDS);
    }
    if (optimize) {
      long ms = s.optimizeInterval().toMillis();
      ex.scheduleWithFixedDelay(() -> step(s, cm, "PRAGMA optimize"), ms, ms, TimeUnit.MILLISECONDS);
    }
    return new Housekeeper(ex);
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isZero() && !d.isNegative();
  }

  private static void step(DbSettings s, ConnectionManager cm, String sql) {
    try {
      if (cm.tryOnWriter(sql)) {
        LOG.debug("DB '{}': ran {}", s.name(), sql);
      }
    } catch (RuntimeException e) {
      LOG.warn("DB '{}': housekeeping step {} failed", s.name(), sql, e);
    }
  }

  /**
   * Whether the housekeeping thread is still running.
   *
   * @return true until {@link #stop()}
   */
  public boolean isRunning() {
    return !executor.isShutdown();
  }

  /** Stops the thread and waits briefly for a running step. */
  public void stop() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
