package io.strato.es.postgres;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.spi.NewEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Append throughput of {@link PostgresEventLog} beside a raw JDBC twin doing the same work the
 * plain way (one transaction: bump the counter row, insert the event, commit). Run with
 * {@code java -cp <test class path> io.strato.es.postgres.AppendBench [events] [threads]}, or
 * through {@link AppendBenchTest} (a small smoke run). Prints one line per variant.
 */
public final class AppendBench {
  private AppendBench() {}

  /**
   * One measured variant.
   *
   * @param name the variant
   * @param events how many events were appended
   * @param nanos how long it took
   */
  record Result(String name, int events, long nanos, long transactions) {
    double perSecond() {
      return events * 1e9 / nanos;
    }

    @Override
    public String toString() {
      return String.format("%-40s %7d events %8.0f events/s %7d append transactions", name, events, perSecond(),
          transactions);
    }
  }

  /** A task appending {@code n} events. */
  private interface Appender {
    void append(int n) throws Exception;
  }

  static ObjectNode data(int i) {
    return JsonNodeFactory.instance.objectNode().put("i", i).put("text", "some payload " + i);
  }

  /** Runs every variant on a fresh schema each and returns the results. */
  static List<Result> run(int events, int threads) throws Exception {
    List<Result> out = new ArrayList<>();
    out.add(measure("raw JDBC, 1 thread", events, 1, rawJdbc()));
    out.add(measure("PostgresEventLog.append, 1 thread", events, 1, log(false)));
    out.add(measure("raw JDBC, " + threads + " threads", events, threads, rawJdbc()));
    out.add(measure("PostgresEventLog.append, " + threads + " threads (grouped)", events, threads, log(false)));
    out.add(measure("PostgresEventLog.appendAll(100)", events, 1, log(true)));
    return out;
  }

  private interface Setup {
    Appender open(String schema) throws Exception;
  }

  private static Setup log(boolean batched) {
    return schema -> {
      PostgresEventLog log = PgTestSupport.log(schema);
      return n -> {
        if (n < 0) {
          log.close();
        } else if (batched) {
          for (int i = 0; i < n; i += 100) {
            List<NewEvent> batch = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 100); j++) {
              batch.add(new NewEvent("bench", data(j)));
            }
            log.appendAll(batch);
          }
        } else {
          for (int i = 0; i < n; i++) {
            log.append("bench", data(i), 0);
          }
        }
      };
    };
  }

  /** The twin: same tables, one connection per thread, three round trips per event. */
  private static Setup rawJdbc() {
    return schema -> {
      PgTestSupport.log(schema).close(); // the same tables
      return n -> {
        if (n < 0) {
          return;
        }
        try (Connection c = DriverManager.getConnection(PgTestSupport.url())) {
          c.setAutoCommit(false);
          try (PreparedStatement bump = c.prepareStatement("UPDATE " + schema + ".head SET v = v + 1 RETURNING v");
              PreparedStatement ins = c.prepareStatement("INSERT INTO " + schema + ".events (v, type, ts, data)"
                  + " VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
              long v;
              try (ResultSet rs = bump.executeQuery()) {
                rs.next();
                v = rs.getLong(1);
              }
              ins.setLong(1, v);
              ins.setString(2, "bench");
              ins.setLong(3, System.currentTimeMillis());
              ins.setString(4, PostgresEventLog.json(data(i)));
              ins.executeUpdate();
              c.commit();
            }
          }
        }
      };
    };
  }

  private static Result measure(String name, int events, int threads, Setup setup) throws Exception {
    String schema = PgTestSupport.newSchema();
    try {
      Appender a = setup.open(schema);
      a.append(Math.min(200, events)); // warm up connections and plans
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          a.append(events / threads);
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(10, TimeUnit.MINUTES);
      }
      long nanos = System.nanoTime() - t0;
      pool.shutdown();
      a.append(-1);
      long transactions = checkGapless(schema);
      return new Result(name, events / threads * threads, nanos, transactions);
    } finally {
      PgTestSupport.dropSchema(schema);
    }
  }

  /**
   * Checks that the log has no gaps and counts its append transactions (warm-up included): one
   * token per {@code PostgresEventLog} statement; the twin writes no token, one commit per event.
   */
  private static long checkGapless(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(PgTestSupport.url()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), max(v), count(DISTINCT token) FROM " + schema + ".events")) {
      rs.next();
      if (rs.getLong(1) != rs.getLong(2)) {
        throw new IllegalStateException("gaps in " + schema + ": " + rs.getLong(1) + " events, max " + rs.getLong(2));
      }
      return rs.getLong(3) == 0 ? rs.getLong(1) : rs.getLong(3);
    }
  }

  /**
   * Entry point.
   *
   * @param args events (default 5000) and threads (default 4)
   * @throws Exception when PostgreSQL fails
   */
  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    run(events, threads).forEach(System.out::println);
  }
}
