package io.strato.es.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.es.ESModel;
import io.strato.es.EventSourcingDB;
import io.strato.es.spi.DeriveContext;
import io.strato.es.spi.Deriver;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small application for the tests: "inc" {id, by} adds to an account (reducer, reading the
 * state before the event) and queues an "audit" sub-event (its own reducer inserts a row);
 * "nope" is rejected; a deriver keeps a running tally, so followers must derive too.
 */
final class TestApp {
  static final ObjectMapper M = new ObjectMapper();
  /** How many "inc" events were reduced in this JVM (followers must not reduce them). */
  static final AtomicInteger REDUCED_INC = new AtomicInteger();
  /** While true, reducing a "boom" event throws. */
  static final java.util.concurrent.atomic.AtomicBoolean BOOM = new java.util.concurrent.atomic.AtomicBoolean();

  private TestApp() {}

  static ObjectNode inc(String id, int by) {
    return M.createObjectNode().put("id", id).put("by", by);
  }

  static EventSourcingDB.Builder builder(Path file) {
    return EventSourcingDB.builder().file(file).retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
        .reducer(new Reducer() {
          @Override
          public String model() {
            return "acct";
          }

          @Override
          public ReduceResult reduce(ReduxContext c) {
            if (c.event().type().equals("inc")) {
              REDUCED_INC.incrementAndGet();
            }
            if (c.event().type().equals("boom") && BOOM.get()) {
              throw new IllegalStateException("boom while BOOM is set");
            }
            if (c.event().type().equals("nope")) {
              return ReduceResult.reject("nope is refused");
            }
            if (!c.event().type().equals("inc")) {
              return null;
            }
            String id = c.event().data().path("id").asText();
            ESModel<ObjectNode> m = c.model();
            long n = m.get(id).map(o -> o.path("n").asLong()).orElse(0L);
            c.addEvent("audit", M.createObjectNode().put("acct", id).put("v", c.event().v()));
            return ReduceResult.result().set(M.createObjectNode().put("id", id).put("n", n + c.event().data().path("by")
                .asLong()));
          }
        })
        .reducer(new Reducer() {
          @Override
          public String model() {
            return "audit";
          }

          @Override
          public ReduceResult reduce(ReduxContext c) {
            if (!c.event().type().equals("audit")) {
              return null;
            }
            return ReduceResult.result().ins(M.createObjectNode().put("id", "a" + c.event().v())
                .put("acct", c.event().data().path("acct").asText()));
          }
        })
        .deriver(new Deriver() {
          @Override
          public String model() {
            return "tally";
          }

          @Override
          public void derive(DeriveContext c) {
            if (!c.isMainEvent()) {
              return;
            }
            ESModel<ObjectNode> m = c.model();
            long n = m.get("total").map(o -> o.path("n").asLong()).orElse(0L);
            m.set(M.createObjectNode().put("id", "total").put("n", n + 1).put("lastV", c.event().v()), WriteOptions.noReturn());
          }
        });
  }

  /** The "n" of an object of an ESModel, or -1. */
  @SuppressWarnings("unchecked")
  static long n(EventSourcingDB es, String model, String id) {
    ESModel<ObjectNode> m = es.model(model, ESModel.class);
    return m.get(id).map(o -> o.path("n").asLong()).orElse(-1L);
  }

  /** Every row of every table but the processed records and SQLite's own, plus the version. */
  static Map<String, Object> dump(DB db) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user_version", db.userVersion());
    for (Row t : db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN"
        + " ('es_processed') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE '%migrations%'"
        + " ORDER BY name")) {
      String name = t.getString("name");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Row r : db.all("SELECT * FROM \"" + name + "\" ORDER BY rowid")) {
        rows.add(r.asMap());
      }
      out.put(name, rows);
    }
    return out;
  }
}
