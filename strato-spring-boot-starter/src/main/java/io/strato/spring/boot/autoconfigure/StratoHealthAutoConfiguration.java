package io.strato.spring.boot.autoconfigure;

import io.strato.es.EventSourcingDB;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code strato} health indicator ({@link StratoHealthIndicator}) when Spring Boot's health
 * support is on the class path and an {@link EventSourcingDB} bean exists. Turn it off with
 * {@code management.health.strato.enabled=false}.
 */
@AutoConfiguration(after = StratoAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean({EventSourcingDB.class, ProcessingStatus.class})
@ConditionalOnEnabledHealthIndicator("strato")
public class StratoHealthAutoConfiguration {
  /** Creates the configuration. */
  public StratoHealthAutoConfiguration() {}

  /**
   * The indicator (contributor name {@code strato}).
   *
   * @param es the DB
   * @param status the processing status
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "stratoHealthIndicator")
  public StratoHealthIndicator stratoHealthIndicator(EventSourcingDB es, ProcessingStatus status) {
    return new StratoHealthIndicator(es, status);
  }
}
