package io.strato.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.strato.es.log.ProcessingGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role of a node on an event log shared by several nodes (strato-es-postgres): the gauge
 * {@code strato.es.leader} (tag {@code db}) is 1 while the node's {@link ProcessingGate} says it
 * leads (reduces events and publishes them), 0 while it follows (applies published records).
 * Read at each scrape, so it follows failovers; summed over the nodes of one cluster it should
 * be 1 (0 during a failover, never 2 for long).
 *
 * <p>Create with {@link StratoMetrics#bindRole}; {@link #close()} removes the gauge.
 */
public final class RoleGauge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoleGauge.class);
  private final MeterRegistry registry;
  private final Gauge gauge;

  RoleGauge(MeterRegistry registry, String name, ProcessingGate gate) {
    if (registry == null || name == null || gate == null) {
      throw new IllegalArgumentException("StratoMetrics.bindRole: registry, name and gate must not be null");
    }
    this.registry = registry;
    this.gauge = Gauge.builder(StratoMetrics.ES_LEADER, gate, RoleGauge::read)
        .description("1 while this node leads processing of the shared event log, 0 while it follows")
        .tag("db", name).strongReference(true).register(registry); // lives until close(), not until GC
  }

  private static double read(ProcessingGate gate) {
    try {
      return gate.isLeader() ? 1 : 0;
    } catch (RuntimeException e) {
      LOG.debug("RoleGauge: could not read the role of {}: {}", gate, e.toString());
      return Double.NaN;
    }
  }

  /** Removes the gauge. */
  @Override
  public void close() {
    registry.remove(gauge);
  }
}
