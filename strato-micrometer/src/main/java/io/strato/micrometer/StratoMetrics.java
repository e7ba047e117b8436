package io.strato.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.strato.db.DB;
import io.strato.es.EventSourcingDB;
import io.strato.es.log.ProcessingGate;

/**
 * Binds strato to Micrometer. Names follow Micrometer's conventions (lower-case, dotted, base
 * units, no units in names); tags are low-cardinality ({@code db}, {@code kind},
 * {@code outcome}, {@code model}, {@code phase}), never SQL text, ids or versions.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * EsMetrics metrics = StratoMetrics.listener(registry, "bank");       // a ProcessingListener
 * EventSourcingDB es = EventSourcingDB.builder().file(path).name("bank").listener(metrics)
 *     .discoverModels().build();
 * StratoMetrics.bind(registry, es, metrics);   // version/head gauges, DB timers, model names
 *
 * DbMetrics plain = StratoMetrics.bind(registry, db);                  // a plain DB
 * RoleGauge role = StratoMetrics.bindRole(registry, "bank", clusterRecords); // on a shared log
 * }</pre>
 */
public final class StratoMetrics {
  /** Timer: SQL statements (tags db, kind, outcome). */
  public static final String DB_QUERY = "strato.db.query";
  /** Timer: write transactions (tags db, outcome). */
  public static final String DB_TRANSACTION = "strato.db.transaction";
  /** Counter: statements that gave up on a locked database (tag db). */
  public static final String DB_BUSY = "strato.db.busy";
  /** Counter: retries of a {@code BEGIN IMMEDIATE} that found the write lock held (tag db). */
  public static final String DB_BUSY_RETRIES = "strato.db.busy.retries";
  /** Counter: main events handled (tags db, outcome). */
  public static final String ES_EVENTS = "strato.es.events";
  /** Timer: an event's phases (tags db, outcome, model). */
  public static final String ES_EVENT_PROCESSING = "strato.es.event.processing";
  /** Counter: failed attempts (tags db, phase, model). */
  public static final String ES_FAILURES = "strato.es.failures";
  /** Gauge 0/1: processing halted at a failed event (tag db). */
  public static final String ES_HALTED = "strato.es.halted";
  /** Gauge: events not yet handled (tag db). */
  public static final String ES_LAG = "strato.es.lag";
  /** Distribution summary: main events per committed transaction (tag db). */
  public static final String ES_BATCH_SIZE = "strato.es.batch.size";
  /** Timer: committed processing transactions (tag db). */
  public static final String ES_BATCH = "strato.es.batch";
  /** Gauge: the handled version (tag db). */
  public static final String ES_VERSION = "strato.es.version";
  /** Gauge: the log's head version (tag db). */
  public static final String ES_HEAD = "strato.es.head";
  /** Gauge 0/1: this node leads processing of a shared event log (tag db). */
  public static final String ES_LEADER = "strato.es.leader";

  private StratoMetrics() {}

  /**
   * Times a DB's queries and transactions and counts its busy failures.
   *
   * @param registry the registry
   * @param db the DB (its name is the {@code db} tag)
   * @return the binding; {@code close()} removes it
   */
  public static DbMetrics bind(MeterRegistry registry, DB db) {
    DbMetrics m = new DbMetrics(db);
    m.bindTo(registry);
    return m;
  }

  /**
   * A processing listener that feeds the event meters; pass it to
   * {@code EventSourcingDB.builder().listener(...)}.
   *
   * @param registry the registry
   * @param name the {@code db} tag value (a configured name, e.g. the builder's {@code name})
   * @return the listener
   */
  public static EsMetrics listener(MeterRegistry registry, String name) {
    return new EsMetrics(registry, name);
  }

  /**
   * Binds a built DB's gauges (version, head) and its state DB's query and transaction meters,
   * tagged with the DB's name (the builder's {@code name}, else the file name).
   *
   * @param registry the registry
   * @param es the event-sourcing DB
   * @return the binding; {@code close()} removes it
   */
  public static EsGauges bind(MeterRegistry registry, EventSourcingDB es) {
    return new EsGauges(registry, es, es.db().name());
  }

  /**
   * Like {@link #bind(MeterRegistry, EventSourcingDB)}, and tells the listener the DB's model
   * names (for the {@code model} tag of {@code strato.es.event.processing}); uses the listener's
   * {@code db} tag for every meter.
   *
   * @param registry the registry
   * @param es the event-sourcing DB the listener was registered on
   * @param listener the listener from {@link #listener(MeterRegistry, String)}
   * @return the binding; {@code close()} removes it
   */
  public static EsGauges bind(MeterRegistry registry, EventSourcingDB es, EsMetrics listener) {
    listener.bindTo(es);
    return new EsGauges(registry, es, listener.name());
  }

  /**
   * The leader/follower gauge ({@code strato.es.leader}) of a node on a shared event log: its
   * {@code ProcessingGate} is the processed records given to the builder, e.g. strato-es-postgres's
   * {@code ClusterRecords}.
   *
   * <pre>{@code
   * ClusterRecords records = ClusterRecords.builder(log).node("node-a").build();
   * RoleGauge role = StratoMetrics.bindRole(registry, "shop", records);   // 1 while node-a leads
   * }</pre>
   *
   * @param registry the registry
   * @param name the {@code db} tag value (the same as for the node's other meters)
   * @param gate the node's gate
   * @return the binding; {@code close()} removes the gauge
   * @throws IllegalArgumentException for a null argument
   */
  public static RoleGauge bindRole(MeterRegistry registry, String name, ProcessingGate gate) {
    return new RoleGauge(registry, name, gate);
  }
}
