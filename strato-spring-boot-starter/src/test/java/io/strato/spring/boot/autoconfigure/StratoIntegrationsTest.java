package io.strato.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.strato.es.ESModel;
import io.strato.es.EventFailedException;
import io.strato.es.EventSourcingDB;
import io.strato.examples.ledger.Ledger;
import io.strato.micrometer.StratoMetrics;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Health, metrics and Jackson 3 next to the strato beans, each with Boot's own auto-configuration. */
class StratoIntegrationsTest {
  @TempDir Path dir;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(StratoAutoConfiguration.class, StratoHealthAutoConfiguration.class,
          StratoMetricsAutoConfiguration.class, StratoJacksonAutoConfiguration.class));

  @Test
  void healthIsDownWhileHaltedOnAFailedEventAndUpOnceItIsProcessed() {
    runner.withPropertyValues("strato.file=" + dir.resolve("h.db"), "strato.retry.max-attempts=1")
        .withUserConfiguration(FragileModel.class).run(ctx -> {
          EventSourcingDB es = ctx.getBean(EventSourcingDB.class);
          StratoHealthIndicator health = ctx.getBean("stratoHealthIndicator", StratoHealthIndicator.class);
          es.dispatch(Ledger.OPENED, Map.of("id", "ada", "owner", "Ada"));
          Health up = health.health();
          assertThat(up.getStatus()).isEqualTo(Status.UP);
          assertThat(up.getDetails()).containsEntry("version", 1L).containsEntry("head", 1L).containsEntry("lag", 0L);

          EventFailedException failed = org.junit.jupiter.api.Assertions.assertThrows(EventFailedException.class,
              () -> es.dispatch("fragile/break", Map.of()));
          Health down = health.health();
          assertThat(down.getStatus()).as("halted at event 2").isEqualTo(Status.DOWN);
          assertThat(down.getDetails()).containsEntry("failedEvent", 2L).containsEntry("failedType", "fragile/break")
              .containsEntry("version", 1L).containsEntry("lag", 1L).containsEntry("retriesStopped", true);
          assertThat(String.valueOf(down.getDetails().get("error"))).contains("_reduce_fragile", "fragile is broken");

          ctx.getBean(Fragile.class).broken = false;
          es.handledVersion(failed.event().v());
          assertThat(health.health().getStatus()).as("processed after the fix").isEqualTo(Status.UP);
        });
  }

  @Test
  void healthSeesAFileThatWasAlreadyHaltedWhenItOpened() {
    Path file = dir.resolve("halted.db");
    ApplicationContextRunner r = runner.withPropertyValues("strato.file=" + file, "strato.retry.max-attempts=1")
        .withUserConfiguration(FragileModel.class);
    r.run(ctx -> assertThatThrownBy(() -> ctx.getBean(EventSourcingDB.class).dispatch("fragile/break", Map.of()))
        .isInstanceOf(EventFailedException.class));
    r.run(ctx -> {
      Health h = ctx.getBean("stratoHealthIndicator", StratoHealthIndicator.class).health();
      assertThat(h.getStatus()).as("found the stored failed event after a restart").isEqualTo(Status.DOWN);
      assertThat(h.getDetails()).containsEntry("failedEvent", 1L).doesNotContainKey("attempts");
    });
  }

  @Test
  void metricsAreBoundToTheApplicationsMeterRegistry() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .withPropertyValues("strato.name=bank").run(ctx -> {
          MeterRegistry registry = ctx.getBean(MeterRegistry.class);
          EventSourcingDB es = ctx.getBean(EventSourcingDB.class);
          es.dispatch(Ledger.OPENED, Map.of("id", "ada", "owner", "Ada", "initialDeposit", 100));
          assertThat(registry.find(StratoMetrics.ES_EVENTS).tags("db", "bank", "outcome", "processed").counter().count())
              .isEqualTo(1.0);
          assertThat(registry.find(StratoMetrics.ES_VERSION).tags("db", "bank").gauge().value()).isEqualTo(1.0);
          assertThat(registry.find(StratoMetrics.DB_QUERY).tags("db", "bank").timers()).isNotEmpty();
        });
  }

  @Test
  void aProcessingGateBeanGetsTheLeaderGauge() {
    java.util.concurrent.atomic.AtomicBoolean leading = new java.util.concurrent.atomic.AtomicBoolean(true);
    io.strato.es.log.ProcessingGate gate = new io.strato.es.log.ProcessingGate() {
      @Override
      public Turn before(io.strato.queue.Event queued) {
        return Turn.PROCESS;
      }

      @Override
      public boolean publish(io.strato.queue.Event processed) {
        return true;
      }

      @Override
      public boolean isLeader() {
        return leading.get();
      }
    };
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .withBean(io.strato.es.log.ProcessingGate.class, () -> gate)
        .withPropertyValues("strato.name=bank").run(ctx -> {
          ctx.getBean(EventSourcingDB.class); // built: the gauges are bound
          MeterRegistry registry = ctx.getBean(MeterRegistry.class);
          assertThat(registry.find(StratoMetrics.ES_LEADER).tags("db", "bank").gauge().value()).isEqualTo(1.0);
          leading.set(false);
          assertThat(registry.find(StratoMetrics.ES_LEADER).tags("db", "bank").gauge().value()).isEqualTo(0.0);
        });
  }

  @Test
  void withoutAGateThereIsNoLeaderGauge() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .withPropertyValues("strato.name=bank").run(ctx -> {
          ctx.getBean(EventSourcingDB.class);
          assertThat(ctx.getBean(MeterRegistry.class).find(StratoMetrics.ES_LEADER).gauge()).isNull();
        });
  }

  @Test
  void noRegistryNoMetricsAndNoFailure() {
    runner.run(ctx -> {
      assertThat(ctx).hasSingleBean(MetricsCustomizer.class).doesNotHaveBean(MeterRegistry.class);
      ctx.getBean(EventSourcingDB.class).dispatch(Ledger.OPENED, Map.of("id", "ada", "owner", "Ada"));
    });
  }

  @Test
  void startsBesideBootsJackson3AndItsMapperWritesStratosJackson2Trees() {
    runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class)).run(ctx -> {
      assertThat(ctx).hasNotFailed().hasSingleBean(JsonMapper.class).hasSingleBean(EventSourcingDB.class);
      EventSourcingDB es = ctx.getBean(EventSourcingDB.class);
      es.dispatch(Ledger.OPENED, Map.of("id", "ada", "owner", "Ada", "initialDeposit", 500));
      @SuppressWarnings("unchecked")
      ESModel<ObjectNode> accounts = es.model("accounts", ESModel.class);
      ObjectNode ada = accounts.get("ada").orElseThrow();

      JsonMapper jackson3 = ctx.getBean(JsonMapper.class);
      String json = jackson3.writeValueAsString(Map.of("account", ada));
      assertThat(json).contains("\"balance\":500").contains("\"owner\":\"Ada\"");
      JsonNode back = jackson3.readValue("{\"id\":\"bob\",\"n\":[1,2]}", JsonNode.class);
      assertThat(back).isInstanceOf(ObjectNode.class);
      assertThat(back.get("n").get(1).asInt()).isEqualTo(2);
      es.dispatch(Ledger.OPENED, ((ObjectNode) back).deepCopy().put("owner", "Bob"));
      assertThat(accounts.get("bob")).isPresent();
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class FragileModel {
    @Bean
    Fragile fragile() {
      return new Fragile();
    }
  }
}
