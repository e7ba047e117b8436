package io.strato.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.strato.db.DB;
import io.strato.es.EventSourcingDB;
import io.strato.es.log.ProcessingGate;
import io.strato.micrometer.DbMetrics;
import io.strato.micrometer.EsGauges;
import io.strato.micrometer.EsMetrics;
import io.strato.micrometer.RoleGauge;
import io.strato.micrometer.StratoMetrics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Binds the auto-configured DBs to the application's {@link MeterRegistry} with
 * strato-micrometer: the processing listener before the build, the gauges and DB timers after.
 * Does nothing when the context has no registry. When the context has a
 * {@link ProcessingGate} bean (a node of a shared log, e.g. strato-es-postgres'
 * {@code ClusterRecords} given to the builder by a {@link StratoCustomizer}), its role is bound as
 * the {@code strato.es.leader} gauge too.
 */
public class MetricsCustomizer implements StratoCustomizer, DisposableBean {
  private final ObjectProvider<MeterRegistry> registries;
  private final String name;
  private ObjectProvider<ProcessingGate> gates;
  private RoleGauge role;
  private MeterRegistry registry;
  private EsMetrics listener;
  private EsGauges gauges;
  private DbMetrics dbMetrics;

  /**
   * Creates the customizer.
   *
   * @param registries the application's registry, if any
   * @param name the {@code db} tag value
   */
  public MetricsCustomizer(ObjectProvider<MeterRegistry> registries, String name) {
    this.registries = registries;
    this.name = name;
  }

  /**
   * Also binds the role of the context's {@link ProcessingGate}, when there is one.
   *
   * @param gates the context's gate, if any
   * @return this
   */
  public MetricsCustomizer withGates(ObjectProvider<ProcessingGate> gates) {
    this.gates = gates;
    return this;
  }

  @Override
  public synchronized void customize(EventSourcingDB.Builder builder) {
    registry = registries.getIfAvailable();
    if (registry != null) {
      listener = StratoMetrics.listener(registry, name);
      builder.listener(listener);
    }
  }

  @Override
  public synchronized void built(EventSourcingDB es) {
    if (registry != null && listener != null) {
      gauges = StratoMetrics.bind(registry, es, listener);
      ProcessingGate gate = gates == null ? null : gates.getIfUnique();
      if (gate != null) {
        role = StratoMetrics.bindRole(registry, name, gate);
      }
    }
  }

  @Override
  public synchronized void built(DB db) {
    MeterRegistry r = registries.getIfAvailable();
    if (r != null) {
      dbMetrics = new DbMetrics(db, name);
      dbMetrics.bindTo(r);
    }
  }

  /** Removes the meters. */
  @Override
  public synchronized void destroy() {
    if (gauges != null) {
      gauges.close();
    }
    if (role != null) {
      role.close();
    }
    if (listener != null) {
      listener.close();
    }
    if (dbMetrics != null) {
      dbMetrics.close();
    }
  }
}
