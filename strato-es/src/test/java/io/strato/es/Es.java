package io.strato.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.es.spi.DeriveContext;
import io.strato.es.spi.Deriver;
import io.strato.es.spi.Preprocessor;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.ReduxContext;
import io.strato.es.spi.TransactContext;
import io.strato.es.spi.Transactor;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers for the strato-es tests. */
final class Es {
  static final ObjectMapper M = new ObjectMapper();

  private Es() {}

  /** A builder on a file in dir with short retry back-offs. */
  static EventSourcingDB.Builder builder(Path dir) {
    return EventSourcingDB.builder().file(dir.resolve("es.db"))
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).maxRetries(3);
  }

  /** A plain schemaless ESModel table: an EventModel with only a name and a config. */
  static io.strato.es.spi.EventModel table(String name) {
    return new io.strato.es.spi.EventModel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public io.strato.jsonmodel.ModelConfig<?> config() {
        return io.strato.jsonmodel.ModelConfig.builder(name).build();
      }
    };
  }

  static ObjectNode obj(Object... kv) {
    ObjectNode o = M.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      o.set((String) kv[i], M.valueToTree(kv[i + 1]));
    }
    return o;
  }

  static JsonNode json(String s) {
    try {
      return M.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static ESModel<ObjectNode> model(EventSourcingDB es, String name) {
    return es.model(name, ESModel.class);
  }

  /** Every row of every table except the queue's, plus the user_version: the whole state. */
  static Map<String, Object> dump(DB db) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user_version", db.userVersion());
    for (Row t : db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('history', 'sqlite_sequence')"
        + " AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name")) {
      String name = t.getString("name");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Row r : db.all("SELECT * FROM \"" + name + "\" ORDER BY rowid")) {
        rows.add(r.asMap());
      }
      out.put(name, rows);
    }
    return out;
  }

  static String err(Event e) {
    return e.error() == null ? null : e.error().toString();
  }

  interface PreFn {
    Event apply(ReduxContext c) throws Exception;
  }

  interface RedFn {
    ReduceResult apply(ReduxContext c) throws Exception;
  }

  interface DerFn {
    void apply(DeriveContext c) throws Exception;
  }

  interface TxFn {
    void apply(TransactContext c) throws Exception;
  }

  static Preprocessor pre(String model, PreFn f) {
    return new Preprocessor() {
      @Override
      public String model() {
        return model;
      }

      @Override
      public Event preprocess(ReduxContext ctx) throws Exception {
        return f.apply(ctx);
      }
    };
  }

  static Reducer red(String model, RedFn f) {
    return new Reducer() {
      @Override
      public String model() {
        return model;
      }

      @Override
      public ReduceResult reduce(ReduxContext ctx) throws Exception {
        return f.apply(ctx);
      }
    };
  }

  static Deriver der(String model, DerFn f) {
    return new Deriver() {
      @Override
      public String model() {
        return model;
      }

      @Override
      public void derive(DeriveContext ctx) throws Exception {
        f.apply(ctx);
      }
    };
  }

  static Transactor tx(String model, TxFn f) {
    return new Transactor() {
      @Override
      public String model() {
        return model;
      }

      @Override
      public void transact(TransactContext ctx) throws Exception {
        f.apply(ctx);
      }
    };
  }

  static long num(ESModel<ObjectNode> m, String id, String field) {
    return m.get(id).map(o -> o.path(field).asLong()).orElse(0L);
  }

  /** Waits (at most 20 s) until {@code cond} holds; fails naming {@code what} otherwise. */
  static void await(java.util.function.BooleanSupplier cond, String what) throws InterruptedException {
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Waits (at most 20 s) until thread {@code t} is in {@code state}, e.g. parked behind the processing lock. */
  static void awaitState(Thread t, Thread.State state) throws InterruptedException {
    await(() -> t.getState() == state, t.getName() + " to be " + state + " (it is " + t.getState() + ")");
  }
}
