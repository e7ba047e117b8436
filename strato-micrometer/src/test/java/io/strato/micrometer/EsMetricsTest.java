package io.strato.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.es.EventFailedException;
import io.strato.es.EventRejectedException;
import io.strato.es.EventSourcingDB;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EsMetricsTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double gauge(String name) {
    Gauge g = registry.find(name).tags("db", "bank").gauge();
    assertTrue(g != null, "gauge " + name + " is registered");
    return g.value();
  }

  private double counter(String name, String... tags) {
    Counter c = registry.find(name).tags("db", "bank").tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  private EventSourcingDB open(CounterModel model, EsMetrics metrics) {
    return EventSourcingDB.builder().file(dir.resolve("bank.db")).name("bank").model(model).listener(metrics)
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(20)).maxRetries(1).build();
  }

  @Test
  void countsAndTimesProcessedAndRejectedEvents() {
    EsMetrics metrics = StratoMetrics.listener(registry, "bank");
    try (EventSourcingDB es = open(new CounterModel(), metrics);
        EsGauges gauges = StratoMetrics.bind(registry, es, metrics)) {
      es.dispatch("add", Map.of("by", 2));
      es.dispatch("add", Map.of("by", 3));
      assertThrows(EventRejectedException.class, () -> es.dispatch("add", Map.of("by", -1)));
      es.model("counter", io.strato.es.ESModel.class).set(Map.of("id", "x", "n", 1));

      assertEquals(3, counter(StratoMetrics.ES_EVENTS, "outcome", "processed"), "processed events");
      assertEquals(1, counter(StratoMetrics.ES_EVENTS, "outcome", "rejected"), "rejected events");
      Timer byModel = registry.find(StratoMetrics.ES_EVENT_PROCESSING).tags("db", "bank", "model", "counter").timer();
      assertTrue(byModel != null && byModel.count() == 1, "the es/counter event is timed under model=counter");
      Timer other = registry.find(StratoMetrics.ES_EVENT_PROCESSING)
          .tags("db", "bank", "model", "none", "outcome", "processed").timer();
      assertEquals(2, other.count(), "other event types are timed under model=none");
      assertEquals(0, gauge(StratoMetrics.ES_HALTED), "not halted");
      assertEquals(0, gauge(StratoMetrics.ES_LAG), "no lag once everything is handled");
      assertEquals(es.getVersion(), (long) gauge(StratoMetrics.ES_VERSION), "version gauge");
      assertEquals(4, (long) gauge(StratoMetrics.ES_HEAD), "head gauge");
      assertTrue(registry.find(StratoMetrics.DB_QUERY).tags("db", "bank").timers().size() > 0,
          "the state DB's queries are timed too");
      assertTrue(registry.find(StratoMetrics.DB_TRANSACTION).tags("db", "bank", "outcome", "commit").timer().count() >= 4,
          "processing transactions are timed");
    }
  }

  @Test
  void recordsBatchSizes() {
    EsMetrics metrics = StratoMetrics.listener(registry, "bank");
    try (EventSourcingDB es = open(new CounterModel(), metrics)) {
      for (int i = 0; i < 5; i++) {
        es.queue().add("add", Map.of("by", 1));
      }
      es.waitForQueue();
      var sizes = registry.find(StratoMetrics.ES_BATCH_SIZE).tags("db", "bank").summary();
      assertEquals(5.0, sizes.totalAmount(), "five events in committed batches");
      assertEquals(5.0, sizes.max(), "queued events are processed in one transaction");
      assertEquals(sizes.count(), registry.find(StratoMetrics.ES_BATCH).tags("db", "bank").timer().count(),
          "each batch is timed");
    }
  }

  @Test
  void haltedWhileAnEventFailsThenClearedWhenItIsProcessed() {
    EsMetrics metrics = StratoMetrics.listener(registry, "bank");
    CounterModel model = new CounterModel();
    try (EventSourcingDB es = open(model, metrics); EsGauges gauges = StratoMetrics.bind(registry, es, metrics)) {
      es.dispatch("add", Map.of("by", 1));
      EventFailedException failed = assertThrows(EventFailedException.class, () -> es.dispatch("boom", Map.of()));
      assertEquals(1, gauge(StratoMetrics.ES_HALTED), "halted after a failure");
      assertTrue(metrics.halted(), "the listener says halted too");
      assertTrue(counter(StratoMetrics.ES_FAILURES, "phase", "reduce", "model", "counter") >= 1,
          "the failure is counted under phase=reduce, model=counter: " + registry.getMetersAsString());

      model.failing = false;
      Event fixed = es.handledVersion(failed.event().v());
      assertEquals(failed.event().v(), fixed.v());
      assertEquals(0, gauge(StratoMetrics.ES_HALTED), "cleared once the event is processed");
      assertEquals(0, gauge(StratoMetrics.ES_LAG), "no lag after the retry");
    }
  }
}
