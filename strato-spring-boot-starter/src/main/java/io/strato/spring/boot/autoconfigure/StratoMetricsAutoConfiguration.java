package io.strato.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.strato.es.log.ProcessingGate;
import io.strato.micrometer.StratoMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Metrics for the auto-configured strato beans when strato-micrometer and Micrometer are on
 * the class path: a {@link MetricsCustomizer} that binds them to the application's
 * {@link MeterRegistry} (from Spring Boot's actuator / metrics auto-configuration). Turn it off
 * with {@code strato.metrics.enabled=false}.
 */
@AutoConfiguration(before = StratoAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, StratoMetrics.class})
@ConditionalOnBooleanProperty(name = "strato.metrics.enabled", matchIfMissing = true)
public class StratoMetricsAutoConfiguration {
  /** Creates the configuration. */
  public StratoMetricsAutoConfiguration() {}

  /**
   * The metrics binding.
   *
   * @param registries the application's registry, if any
   * @param properties the strato settings (for the {@code db} tag)
   * @param gates a shared log's gate, if the application defines one (its role becomes a gauge)
   * @return the customizer
   */
  @Bean
  @ConditionalOnMissingBean
  public MetricsCustomizer stratoMetricsCustomizer(ObjectProvider<MeterRegistry> registries,
      StratoProperties properties, ObjectProvider<ProcessingGate> gates) {
    return new MetricsCustomizer(registries, properties.effectiveName()).withGates(gates);
  }
}
