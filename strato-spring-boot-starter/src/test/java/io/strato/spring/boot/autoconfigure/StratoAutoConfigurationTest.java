package io.strato.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.es.ESModel;
import io.strato.es.EventSourcingDB;
import io.strato.es.spi.EventModel;
import io.strato.examples.ledger.Accounts;
import io.strato.examples.ledger.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class StratoAutoConfigurationTest {
  @TempDir Path dir;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(StratoAutoConfiguration.class));

  @Test
  void defaultsGiveAnInMemoryEventSourcingDbWithTheServiceLoaderModels() {
    runner.run(ctx -> {
      assertThat(ctx).hasSingleBean(EventSourcingDB.class).hasSingleBean(DB.class).hasSingleBean(ProcessingStatus.class);
      EventSourcingDB es = ctx.getBean(EventSourcingDB.class);
      assertThat(ctx.getBean(DB.class)).as("the DB bean is the state DB").isSameAs(es.db());
      assertThat(es.store()).as("ServiceLoader models").containsKeys("accounts", "transfers", "stats");
      es.dispatch(Ledger.OPENED, Map.of("id", "ada", "owner", "Ada", "initialDeposit", 500));
      @SuppressWarnings("unchecked")
      ESModel<ObjectNode> accounts = es.model("accounts", ESModel.class);
      assertThat(accounts.get("ada").orElseThrow().get("balance").asLong()).isEqualTo(500);
    });
  }

  @Test
  void propertiesConfigureFileNameDurabilityAndRetries() {
    Path file = dir.resolve("bank.db");
    runner.withPropertyValues("strato.file=" + file, "strato.name=bank", "strato.synchronous=full",
        "strato.readers=2", "strato.busy-timeout=2s", "strato.checkpoint-interval=0", "strato.batch-size=10",
        "strato.retry.initial-backoff=10ms", "strato.retry.max-backoff=20ms", "strato.retry.max-attempts=2")
        .run(ctx -> {
          EventSourcingDB es = ctx.getBean(EventSourcingDB.class);
          es.dispatch(Ledger.OPENED, Map.of("id", "ada", "owner", "Ada"));
          assertThat(es.db().name()).isEqualTo("bank");
          assertThat(Files.exists(file)).as("the state file was written").isTrue();
          long sync = es.db().withTransaction(() -> es.db().get("PRAGMA synchronous").orElseThrow().getLong("synchronous"));
          assertThat(sync).as("synchronous=FULL is 2").isEqualTo(2L);
        });
  }

  @Test
  void modelBeansAreRegisteredAndDiscoveryCanBeTurnedOff() {
    runner.withPropertyValues("strato.discover-models=false").withUserConfiguration(ModelBeans.class).run(ctx -> {
      EventSourcingDB es = ctx.getBean(EventSourcingDB.class);
      assertThat(es.store()).containsKeys("accounts", "fragile").doesNotContainKeys("transfers", "stats");
    });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnDb() {
    runner.withUserConfiguration(OwnDb.class).run(ctx -> {
      assertThat(ctx).hasSingleBean(EventSourcingDB.class);
      assertThat(ctx.getBean(EventSourcingDB.class).db().name()).isEqualTo("mine");
    });
  }

  @Test
  void plainModeGivesOnlyADbClosedOnShutdown() {
    DB[] seen = new DB[1];
    runner.withPropertyValues("strato.event-sourcing=false", "strato.file=" + dir.resolve("plain.db")).run(ctx -> {
      assertThat(ctx).hasSingleBean(DB.class).doesNotHaveBean(EventSourcingDB.class);
      DB db = ctx.getBean(DB.class);
      db.exec("CREATE TABLE t(x)");
      assertThat(db.isOpen()).isTrue();
      seen[0] = db;
    });
    assertThat(seen[0].isOpen()).as("closed with the context").isFalse();
  }

  @Test
  void theEventSourcingDbIsClosedOnShutdown() {
    EventSourcingDB[] seen = new EventSourcingDB[1];
    runner.withPropertyValues("strato.file=" + dir.resolve("s.db"), "strato.polling=true").run(ctx -> {
      seen[0] = ctx.getBean(EventSourcingDB.class);
      seen[0].dispatch(Ledger.OPENED, Map.of("id", "ada", "owner", "Ada"));
    });
    assertThat(seen[0].db().isOpen()).as("closed with the context").isFalse();
    assertThatThrownBy(() -> seen[0].dispatch(Ledger.OPENED, Map.of("id", "bob", "owner", "Bob")))
        .as("a closed DB refuses work").isInstanceOf(RuntimeException.class);
  }

  @Test
  void turnedOffWithStratoEnabledFalse() {
    runner.withPropertyValues("strato.enabled=false").run(ctx -> assertThat(ctx).doesNotHaveBean(EventSourcingDB.class)
        .doesNotHaveBean(DB.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class ModelBeans {
    @Bean
    EventModel accounts() {
      return new Accounts();
    }

    @Bean
    EventModel fragile() {
      return new Fragile();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnDb {
    @Bean(destroyMethod = "close")
    EventSourcingDB mine() {
      return EventSourcingDB.builder().name("mine").build();
    }
  }
}
