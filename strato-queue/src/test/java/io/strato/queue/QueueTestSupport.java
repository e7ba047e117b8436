package io.strato.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.db.DB;
import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import io.strato.db.Row;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Small helpers shared by the queue tests. */
final class QueueTestSupport {
  static final ObjectMapper M = new ObjectMapper();

  private QueueTestSupport() {}

  static EventQueue queue(DB db) {
    return db.addModel(EventQueue::new);
  }

  static EventQueue queue(DB db, QueueConfig cfg) {
    return db.addModel(d -> new EventQueue(d, cfg));
  }

  static JsonNode json(String s) {
    try {
      return M.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** column name → declared type. */
  static Map<String, String> tableInfo(DB db, String table) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : db.all("SELECT name, type FROM pragma_table_info(?)", table)) {
      out.put(r.getString("name"), r.getString("type"));
    }
    return out;
  }

  /** Counts the queries whose SQL matches. */
  static final class QueryCounter implements DBListener {
    private final Predicate<String> match;
    final AtomicInteger count = new AtomicInteger();

    QueryCounter(Predicate<String> match) {
      this.match = match;
    }

    @Override
    public void onCall(QueryEvent call) {
      if (call.sql() != null && match.test(call.sql())) {
        count.incrementAndGet();
      }
    }
  }
}
