package io.strato.spring.boot.autoconfigure;

import io.strato.db.DB;
import io.strato.es.EventSourcingDB;
import io.strato.es.ProcessingListener;
import io.strato.es.spi.Deriver;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.Preprocessor;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.Transactor;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures strato from {@code strato.*} ({@link StratoProperties}): an
 * {@link EventSourcingDB} with the {@link EventModel}, {@link Preprocessor}, {@link Reducer},
 * {@link Deriver} and {@link Transactor} beans plus the ServiceLoader models, its state
 * {@link DB}, and a {@link ProcessingStatus}; or only a plain {@link DB} with
 * {@code strato.event-sourcing=false}. Every bean backs off when the application defines its own;
 * the DBs are closed on shutdown (polling stops, the running event finishes).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "strato.enabled", matchIfMissing = true)
@EnableConfigurationProperties(StratoProperties.class)
public class StratoAutoConfiguration {
  /** Creates the configuration. */
  public StratoAutoConfiguration() {}

  /**
   * Tracks a halted log for the health indicator.
   *
   * @return the status listener
   */
  @Bean
  @ConditionalOnMissingBean
  public ProcessingStatus stratoProcessingStatus() {
    return new ProcessingStatus();
  }

  /** The event-sourcing mode (the default). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "strato.event-sourcing", matchIfMissing = true)
  public static class EventSourcingConfiguration {
    /** Creates the configuration. */
    public EventSourcingConfiguration() {}

    /**
     * The event-sourcing DB, opened, closed on shutdown.
     *
     * @param properties the settings
     * @param models model beans
     * @param preprocessors standalone preprocessor beans
     * @param reducers standalone reducer beans
     * @param derivers standalone deriver beans
     * @param transactors standalone transactor beans
     * @param listeners processing listener beans
     * @param customizers customizer beans
     * @return the DB
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public EventSourcingDB eventSourcingDB(StratoProperties properties, ObjectProvider<EventModel> models,
        ObjectProvider<Preprocessor> preprocessors, ObjectProvider<Reducer> reducers, ObjectProvider<Deriver> derivers,
        ObjectProvider<Transactor> transactors, ObjectProvider<ProcessingListener> listeners,
        ObjectProvider<StratoCustomizer> customizers) {
      EventSourcingDBFactory.Phases phases = new EventSourcingDBFactory.Phases(list(models), list(preprocessors),
          list(reducers), list(derivers), list(transactors));
      return EventSourcingDBFactory.eventSourcing(properties, phases, list(listeners), list(customizers));
    }

    /**
     * The event-sourcing DB's state DB (closed with it, not on its own).
     *
     * @param es the event-sourcing DB
     * @return its state DB
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public DB stratoDB(EventSourcingDB es) {
      return es.db();
    }
  }

  /** The plain-DB mode ({@code strato.event-sourcing=false}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "strato.event-sourcing", havingValue = false)
  public static class PlainConfiguration {
    /** Creates the configuration. */
    public PlainConfiguration() {}

    /**
     * A plain DB, closed on shutdown.
     *
     * @param properties the settings
     * @param customizers customizer beans
     * @return the DB
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public DB stratoDB(StratoProperties properties, ObjectProvider<StratoCustomizer> customizers) {
      return EventSourcingDBFactory.plain(properties, list(customizers));
    }
  }

  private static <T> List<T> list(ObjectProvider<T> beans) {
    return beans.orderedStream().toList();
  }
}
