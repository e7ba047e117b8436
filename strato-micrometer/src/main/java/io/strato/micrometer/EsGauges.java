package io.strato.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.strato.es.EventSourcingDB;
import java.util.List;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from a built {@link EventSourcingDB} when the registry is scraped, plus the
 * {@link DbMetrics} of its state DB:
 *
 * <ul>
 *   <li>{@code strato.es.version}: the handled version;
 *   <li>{@code strato.es.head}: the highest version in the log.
 * </ul>
 *
 * Both are tagged {@code db}. A gauge read on a closed DB reports NaN. Create with
 * {@link StratoMetrics#bind(MeterRegistry, EventSourcingDB)}; {@link #close()} removes them.
 */
public final class EsGauges implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EsGauges.class);
  private final MeterRegistry registry;
  private final List<Meter> meters;
  private final DbMetrics dbMetrics;

  EsGauges(MeterRegistry registry, EventSourcingDB es, String name) {
    this.registry = registry;
    Tags tags = Tags.of("db", name);
    this.meters = List.of(
        gauge(registry, StratoMetrics.ES_VERSION, "the handled event version", es, EventSourcingDB::getVersion, tags),
        gauge(registry, StratoMetrics.ES_HEAD, "the highest event version in the log", es,
            e -> e.queue().getMaxV(), tags));
    this.dbMetrics = new DbMetrics(es.db(), name);
    dbMetrics.bindTo(registry);
  }

  private static Gauge gauge(MeterRegistry r, String metric, String description, EventSourcingDB es,
      ToLongFunction<EventSourcingDB> read, Tags tags) {
    return Gauge.builder(metric, es, e -> safely(e, read)).description(description).tags(tags).register(r);
  }

  private static double safely(EventSourcingDB es, ToLongFunction<EventSourcingDB> read) {
    try {
      return read.applyAsLong(es);
    } catch (RuntimeException e) {
      LOG.debug("EsGauges: could not read {}: {}", es, e.toString());
      return Double.NaN;
    }
  }

  /**
   * The DB meters of the state DB.
   *
   * @return the state DB's meters
   */
  public DbMetrics dbMetrics() {
    return dbMetrics;
  }

  /** Removes the gauges and the state DB's meters. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
    dbMetrics.close();
  }
}
