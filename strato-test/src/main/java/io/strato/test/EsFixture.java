package io.strato.test;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DBModel;
import io.strato.es.EventFailedException;
import io.strato.es.EventRejectedException;
import io.strato.es.EventSourcingDB;
import io.strato.es.spi.Deriver;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.Preprocessor;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.Transactor;
import io.strato.jsonmodel.JsonModel;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.opentest4j.AssertionFailedError;

/**
 * A fresh {@link EventSourcingDB} with the models under test, driven given/when/then:
 *
 * <pre>{@code
 * try (EsFixture fx = EsFixture.builder().model(new Accounts()).model(new Transfers()).build()) {
 *   fx.given(NewEvent.of("account/opened", Map.of("id", "a", "owner", "Ada", "initialDeposit", 500)),
 *           NewEvent.of("account/opened", Map.of("id", "b", "owner", "Bob")))
 *     .when("money/transferred", Map.of("from", "a", "to", "b", "cents", 200))
 *     .expectSuccess()
 *     .expectStateIncludes("accounts", "a", "{balance: 300}");
 *   fx.checkDeterminism();
 * }
 * }</pre>
 *
 * <p>The DB lives in memory unless {@link Builder#file(Path)} is given. A failed event is tried
 * once (no background retries), so a test sees the failure at once. Not thread-safe: one
 * fixture per test ({@link StratoExtension} makes them).
 */
public final class EsFixture implements AutoCloseable {
  private final List<Consumer<EventSourcingDB.Builder>> setup;
  private final EventSourcingDB es;

  private EsFixture(Builder b) {
    this.setup = List.copyOf(b.setup);
    EventSourcingDB.Builder eb = newBuilder(setup);
    if (b.file != null) {
      eb.file(b.file);
    }
    this.es = eb.build();
  }

  /** An ES builder with the fixture's models and settings (no file). */
  static EventSourcingDB.Builder newBuilder(List<Consumer<EventSourcingDB.Builder>> setup) {
    EventSourcingDB.Builder eb = EventSourcingDB.builder().name("strato-test").maxRetries(1)
        .retryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(1));
    setup.forEach(s -> s.accept(eb));
    return eb;
  }

  /**
   * A fixture builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A fixture (in memory) with these models.
   *
   * @param models the models under test
   * @return the fixture
   */
  public static EsFixture of(EventModel... models) {
    Builder b = builder();
    for (EventModel m : models) {
      b.model(m);
    }
    return b.build();
  }

  /**
   * The DB under test.
   *
   * @return the event-sourcing DB
   */
  public EventSourcingDB es() {
    return es;
  }

  /**
   * Dispatches events that must be processed (fails the test naming the event when one is
   * rejected or fails).
   *
   * @param events the events, in order
   * @return this
   */
  public EsFixture given(NewEvent... events) {
    for (NewEvent e : events) {
      given(e.type(), e.data());
    }
    return this;
  }

  /**
   * Dispatches one event that must be processed.
   *
   * @param type the type
   * @param data the data (anything Jackson can convert)
   * @return this
   */
  public EsFixture given(String type, Object data) {
    try {
      es.dispatch(type, data);
    } catch (EventRejectedException | EventFailedException e) {
      throw new AssertionFailedError("given event " + type + " " + Json.print(data).replace('\n', ' ')
          + " was not processed: " + e.getMessage(), e);
    }
    return this;
  }

  /**
   * Dispatches the event under test and captures what happened (processed, rejected or
   * failed) for the assertions; never throws for a rejection or failure.
   *
   * @param type the type
   * @param data the data (anything Jackson can convert)
   * @return the outcome, with assertions
   */
  public Then when(String type, Object data) {
    Map<String, Map<String, JsonNode>> before = Snapshot.of(es);
    try {
      return new Then(this, es.dispatch(type, data), null, before);
    } catch (EventRejectedException e) {
      return new Then(this, e.event(), e, before);
    } catch (EventFailedException e) {
      return new Then(this, e.event(), e, before);
    }
  }

  /**
   * An object's committed state as JSON.
   *
   * @param model the model name
   * @param id the id
   * @return the object, or null when absent
   * @throws IllegalArgumentException for an unknown model
   */
  public JsonNode state(String model, Object id) {
    JsonModel<?> m = jsonModel(model);
    return m.get(id).<JsonNode>map(o -> m.objectMapper().valueToTree(o)).orElse(null);
  }

  /**
   * Every model's committed state (the event queue excluded): model → id → object.
   *
   * @return the state
   */
  public Map<String, Map<String, JsonNode>> states() {
    return Snapshot.of(es);
  }

  private JsonModel<?> jsonModel(String model) {
    DBModel m = es.store().get(model);
    if (!(m instanceof JsonModel<?> jm)) {
      throw new IllegalArgumentException("strato-test: no model '" + model + "'; models: " + es.store().keySet());
    }
    return jm;
  }

  /**
   * Replays this DB's history (every handled event, as stored) into a fresh in-memory DB with
   * the same models, so that preprocess and reduce run a second time, and fails when any
   * event's stored type, data, result or sub-events, or the final state, differ. Catches
   * reducers that read the clock, random numbers or anything outside the event and the state.
   *
   * @return this
   */
  public EsFixture checkDeterminism() {
    new DeterminismCheck(setup).check(es);
    return this;
  }

  /** Closes the DB. */
  @Override
  public void close() {
    es.close();
  }

  /** Configures a fixture. */
  public static final class Builder {
    private final List<Consumer<EventSourcingDB.Builder>> setup = new ArrayList<>();
    private Path file;

    private Builder() {}

    /**
     * Adds a model.
     *
     * @param model the model
     * @return this
     */
    public Builder model(EventModel model) {
      setup.add(b -> b.model(model));
      return this;
    }

    /**
     * Adds a standalone preprocessor.
     *
     * @param p the preprocessor
     * @return this
     */
    public Builder preprocessor(Preprocessor p) {
      setup.add(b -> b.preprocessor(p));
      return this;
    }

    /**
     * Adds a standalone reducer.
     *
     * @param r the reducer
     * @return this
     */
    public Builder reducer(Reducer r) {
      setup.add(b -> b.reducer(r));
      return this;
    }

    /**
     * Adds a standalone deriver.
     *
     * @param d the deriver
     * @return this
     */
    public Builder deriver(Deriver d) {
      setup.add(b -> b.deriver(d));
      return this;
    }

    /**
     * Adds a standalone transactor.
     *
     * @param t the transactor
     * @return this
     */
    public Builder transactor(Transactor t) {
      setup.add(b -> b.transactor(t));
      return this;
    }

    /**
     * Adds everything {@link java.util.ServiceLoader} finds (see
     * {@code EventSourcingDB.Builder.discoverModels()}).
     *
     * @return this
     */
    public Builder discoverModels() {
      setup.add(EventSourcingDB.Builder::discoverModels);
      return this;
    }

    /**
     * Any other builder setting (applied to the DB under test and to the determinism replay).
     *
     * @param settings the settings
     * @return this
     */
    public Builder customize(Consumer<EventSourcingDB.Builder> settings) {
      setup.add(settings);
      return this;
    }

    /**
     * Keeps the DB in this file instead of in memory.
     *
     * @param file the state file (the queue shares it)
     * @return this
     */
    public Builder file(Path file) {
      this.file = file;
      return this;
    }

    /**
     * Builds the fixture (the DB opens on first use).
     *
     * @return the fixture
     */
    public EsFixture build() {
      return new EsFixture(this);
    }

    /** A copy of this builder's settings, for the JUnit extension. */
    Builder copy() {
      Builder b = new Builder();
      b.setup.addAll(setup);
      b.file = file;
      return b;
    }
  }
}
