package io.strato.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.strato.es.EventRejectedException;
import io.strato.es.EventSourcingDB;
import io.strato.es.ProcessingListener;
import io.strato.micrometer.internal.FailureKeys;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Processing meters of an {@link EventSourcingDB}, fed as its {@link ProcessingListener}:
 *
 * <ul>
 *   <li>{@code strato.es.events} (counter): main events handled, tags {@code db}, {@code outcome}
 *       ({@code processed}/{@code rejected}).
 *   <li>{@code strato.es.event.processing} (timer): the time of an event's phases, tags {@code db},
 *       {@code outcome}, {@code model} (the model of an {@code es/<model>} event when the model is
 *       known, see {@link #bindTo(EventSourcingDB)}; {@code none} for other event types, whose
 *       handling spans all models).
 *   <li>{@code strato.es.failures} (counter): failed attempts, tags {@code db}, {@code phase},
 *       {@code model} (from the stored error keys, e.g. {@code _reduce_accounts}).
 *   <li>{@code strato.es.halted} (gauge, 0/1): 1 from a failed attempt until the next processed
 *       event.
 *   <li>{@code strato.es.lag} (gauge, events): the log's head minus the handled version, as last
 *       reported.
 *   <li>{@code strato.es.batch.size} (distribution summary, events) and {@code strato.es.batch}
 *       (timer): each committed transaction.
 * </ul>
 *
 * <p>Pass it to the builder ({@code EventSourcingDB.builder().listener(metrics)}): a listener
 * can only be added there. Create with {@link StratoMetrics#listener(MeterRegistry, String)}.
 * Never tags event ids, versions, data or error messages.
 */
public final class EsMetrics implements ProcessingListener, AutoCloseable {
  private final MeterRegistry registry;
  private final String name;
  private final AtomicLong halted = new AtomicLong();
  private final AtomicLong lag = new AtomicLong();
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private final DistributionSummary batchSize;
  private final Timer batchTime;
  private volatile Set<String> models = Set.of();
  /** Meters by tag values, so that an event does not build a meter id each time. */
  private final Map<String, Meter> cache = new ConcurrentHashMap<>();

  EsMetrics(MeterRegistry registry, String name) {
    if (registry == null || name == null) {
      throw new IllegalArgumentException("StratoMetrics.listener: registry and name must not be null");
    }
    this.registry = registry;
    this.name = name;
    track(Gauge.builder(StratoMetrics.ES_HALTED, halted, AtomicLong::get)
        .description("1 while processing is halted at a failed event").tags(tags()).register(registry));
    track(Gauge.builder(StratoMetrics.ES_LAG, lag, AtomicLong::get).baseUnit("events")
        .description("events in the log not yet handled").tags(tags()).register(registry));
    this.batchSize = track(DistributionSummary.builder(StratoMetrics.ES_BATCH_SIZE).baseUnit("events")
        .description("main events per committed transaction").tags(tags()).register(registry));
    this.batchTime = track(Timer.builder(StratoMetrics.ES_BATCH)
        .description("committed processing transactions").tags(tags()).register(registry));
  }

  /**
   * Learns the model names of a built DB (for the {@code model} tag). Also available through
   * {@link StratoMetrics#bind(MeterRegistry, EventSourcingDB, EsMetrics)}.
   *
   * @param es the DB this listener was registered on
   * @return this
   */
  public EsMetrics bindTo(EventSourcingDB es) {
    this.models = Set.copyOf(es.store().keySet());
    return this;
  }

  /**
   * Whether a failed event halts processing now, as the gauge reports it.
   *
   * @return true between a failed attempt and the next processed event
   */
  public boolean halted() {
    return halted.get() == 1;
  }

  @Override
  public void batchCommitted(int events, long nanos) {
    batchSize.record(events);
    batchTime.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void eventProcessed(Event event, long nanos) {
    halted.set(0);
    String outcome = EventRejectedException.reasonOf(event).isPresent() ? "rejected" : "processed";
    String model = modelOf(event);
    ((Counter) cached("e|" + outcome, () -> Counter.builder(StratoMetrics.ES_EVENTS).description("main events handled")
        .tags(tags("outcome", outcome)).register(registry))).increment();
    ((Timer) cached("t|" + outcome + "|" + model, () -> Timer.builder(StratoMetrics.ES_EVENT_PROCESSING)
        .description("time of an event's phases").tags(tags("outcome", outcome, "model", model)).register(registry)))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void eventFailed(Event event, int attempt, Duration nextRetry, boolean stopped) {
    halted.set(1);
    for (FailureKeys.Key k : FailureKeys.of(event.error())) {
      track(Counter.builder(StratoMetrics.ES_FAILURES).description("failed processing attempts")
          .tags(tags("phase", k.phase(), "model", k.model())).register(registry)).increment();
    }
  }

  @Override
  public void lagChanged(long behind) {
    lag.set(behind);
  }

  /** Removes this listener's meters from the registry (the listener itself stays registered). */
  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
    cache.clear();
  }

  private String modelOf(Event e) {
    String t = e.type();
    if (t != null && t.startsWith("es/")) {
      String m = t.startsWith("es/INIT:") ? t.substring("es/INIT:".length()) : t.substring(3);
      if (models.contains(m)) {
        return m;
      }
    }
    return "none";
  }

  private Meter cached(String key, Supplier<Meter> create) {
    return cache.computeIfAbsent(key, k -> track(create.get()));
  }

  private <M extends Meter> M track(M meter) {
    if (!meters.contains(meter)) {
      meters.add(meter);
    }
    return meter;
  }

  private Tags tags(String... kv) {
    return Tags.of("db", name).and(kv);
  }

  /**
   * The {@code db} tag value.
   *
   * @return the name given at creation
   */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "EsMetrics[" + name + "]";
  }
}
