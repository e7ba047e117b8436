package io.strato.es.internal.processing;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DBModel;
import io.strato.es.spi.DeriveContext;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.TransactContext;
import io.strato.queue.Event;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one context implementation handed to every phase; which interface a phase sees decides
 * what it may call. Confined to the processing thread.
 */
final class Contexts implements TransactContext, DeriveContext {
  private final Event event;
  private final DBModel model;
  private final Map<String, DBModel> store;
  private final Map<String, Object> cache;
  private final List<NewEvent> added;
  private final boolean main;
  private final ReduceResult result;
  private final Function<Object, JsonNode> toJson;
  private final BiFunction<String, Object, Event> dispatch;

  Contexts(Event event, DBModel model, Map<String, DBModel> store, Map<String, Object> cache, List<NewEvent> added,
      boolean main, ReduceResult result, Function<Object, JsonNode> toJson, BiFunction<String, Object, Event> dispatch) {
    this.event = event;
    this.model = model;
    this.store = store;
    this.cache = cache;
    this.added = added;
    this.main = main;
    this.result = result;
    this.toJson = toJson;
    this.dispatch = dispatch;
  }

  @Override
  public Event event() {
    return event;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <M> M model() {
    return (M) model;
  }

  @Override
  public Map<String, DBModel> store() {
    return store;
  }

  @Override
  public <M> M model(String name, Class<M> type) {
    DBModel m = name == null ? null : store.get(name);
    if (m == null) {
      throw new IllegalArgumentException("EventSourcingDB: no model named '" + name + "'");
    }
    if (type == null || !type.isInstance(m)) {
      throw new IllegalArgumentException("EventSourcingDB: model '" + name + "' is a " + m.getClass().getName()
          + ", not a " + (type == null ? "null" : type.getName()));
    }
    return type.cast(m);
  }

  @Override
  public Map<String, Object> cache() {
    return cache;
  }

  @Override
  public void addEvent(String type, Object data) {
    added.add(new NewEvent(type, toJson.apply(data)));
  }

  @Override
  public boolean isMainEvent() {
    return main;
  }

  @Override
  public ReduceResult result() {
    return result == null ? ReduceResult.none() : result;
  }

  @Override
  public Event dispatch(String type, Object data) {
    if (dispatch == null) {
      throw new IllegalStateException("dispatch is only available in transact");
    }
    return dispatch.apply(type, data);
  }
}
