package io.strato.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.EventSourcingDB;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.queue.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Event processing: sequential {@code dispatch} of events whose reducer sets one object
 * ({@link Dispatch}), and processing pre-queued events with {@code waitForQueue}
 * ({@link Drain}); the raw twins do the same steps (append, read, write the object, store the
 * result, bump user_version, commit) with JDBC. This class holds the shared fixture.
 */
@State(Scope.Benchmark)
@Fork(1)
public abstract class EsBench {
  /** How many events the queue-draining benchmarks process per invocation. */
  @Param("10000")
  public int events;

  private Path libFile;
  private Path rawFile;
  EventSourcingDB es;
  Connection raw;
  PreparedStatement rawAppend;
  PreparedStatement rawRead;
  PreparedStatement rawReadBatch;
  PreparedStatement rawUpsert;
  PreparedStatement rawResult;
  /** Source of the objects' ids and numbers; shared by the threads of ConcurrentDispatch. */
  final java.util.concurrent.atomic.AtomicLong k = new java.util.concurrent.atomic.AtomicLong();
  long rawV;

  /** The one-set reducer: {@code set} events store {@code {id, n}}. */
  public static final class Objs implements EventModel {
    @Override
    public String name() {
      return "objs";
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      if (!ctx.event().type().equals("set")) {
        return null;
      }
      JsonNode d = ctx.event().data();
      return ReduceResult.result().set(d);
    }
  }

  /**
   * Fresh files for both sides.
   *
   * @throws Exception when setup fails
   */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    libFile = Files.createTempDirectory("strato-bench-es").resolve("es.db");
    rawFile = Files.createTempDirectory("strato-bench-es").resolve("es.db");
    es = EventSourcingDB.builder().file(libFile).model(new Objs()).build();
    es.open();
    raw = Docs.raw(rawFile);
    try (Statement s = raw.createStatement()) {
      // the same schema as EventQueue's table: indexes on ts and (type, size)
      s.executeUpdate("CREATE TABLE history(v INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT, ts INTEGER, data JSON,"
          + " result JSON, json JSON, size INTEGER)");
      s.executeUpdate("CREATE INDEX history_ts ON history(ts)");
      s.executeUpdate("CREATE INDEX history_type_size ON history(type, size)");
      s.executeUpdate("CREATE TABLE objs(rowId INTEGER PRIMARY KEY, id TEXT NOT NULL, json JSON)");
      s.executeUpdate("CREATE UNIQUE INDEX objs_id ON objs(id)");
    }
    rawAppend = raw.prepareStatement("INSERT INTO history(type, ts, data, size) VALUES (?, ?, ?, 0)");
    rawRead = raw.prepareStatement("SELECT v, type, data FROM history WHERE v = ?");
    rawReadBatch = raw.prepareStatement("SELECT v, type, data FROM history WHERE v > ? ORDER BY v LIMIT 100");
    rawUpsert = raw.prepareStatement("INSERT INTO objs(id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json");
    rawResult = raw.prepareStatement("UPDATE history SET result = ? WHERE v = ?");
  }

  /**
   * Closes and deletes.
   *
   * @throws Exception when closing fails
   */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    raw.close();
    es.close();
    Docs.delete(libFile);
    Docs.delete(rawFile);
  }

  Map<String, Object> nextData() {
    long i = k.getAndIncrement();
    return Map.of("id", "o" + (i % 1000), "n", i);
  }

  long rawAppendOne() throws Exception {
    rawAppend.setString(1, "set");
    rawAppend.setLong(2, System.currentTimeMillis());
    rawAppend.setString(3, Docs.MAPPER.writeValueAsString(nextData()));
    rawAppend.executeUpdate();
    try (ResultSet rs = rawAppend.getGeneratedKeys()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void rawApply(long v, String data) throws Exception {
    ObjectNode d = (ObjectNode) Docs.MAPPER.readTree(data);
    String id = d.remove("id").asText();
    rawUpsert.setString(1, id);
    rawUpsert.setString(2, Docs.MAPPER.writeValueAsString(d));
    rawUpsert.executeUpdate();
    d.put("id", id);
    ObjectNode result = Docs.MAPPER.createObjectNode();
    result.putObject("objs").putArray("set").add(d);
    rawResult.setString(1, Docs.MAPPER.writeValueAsString(result));
    rawResult.setLong(2, v);
    rawResult.executeUpdate();
    try (Statement s = raw.createStatement()) {
      s.executeUpdate("PRAGMA user_version = " + v);
    }
    rawV = v;
  }

  /** Sequential dispatch: each call appends one event and waits until it is processed. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public static class Dispatch extends EsBench {
    /**
     * Library: one dispatch, waiting for it to be processed.
     *
     * @return the processed event
     */
    @Benchmark
    public Event libDispatch() {
      return es.dispatch("set", nextData());
    }

    /**
     * Raw: append, then process the event in its own transaction.
     *
     * @return the version
     * @throws Exception on failure
     */
    @Benchmark
    public long rawDispatch() throws Exception {
      return rawDispatchOnce();
    }
  }

  /** The raw dispatch: append (autocommit), then process the event in its own transaction. */
  long rawDispatchOnce() throws Exception {
    long v = rawAppendOne();
    raw.setAutoCommit(false);
    try {
      rawRead.setLong(1, v);
      try (ResultSet rs = rawRead.executeQuery()) {
        rs.next();
        rawApply(rs.getLong(1), rs.getString(3));
      }
      raw.commit();
    } finally {
      raw.setAutoCommit(true);
    }
    return v;
  }

  /**
   * Four threads dispatching at once (like request handlers): the library groups waiting
   * dispatches into one transaction; the raw twin is what a hand-written service would do with
   * one connection: the steps of the raw sequential dispatch under a lock.
   */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  @Threads(4)
  public static class ConcurrentDispatch extends EsBench {
    /**
     * Library: one dispatch per call, from each of four threads.
     *
     * @return the processed event
     */
    @Benchmark
    public Event libDispatch() {
      return es.dispatch("set", nextData());
    }

    /**
     * Raw: the sequential raw dispatch, serialised on the one connection.
     *
     * @return the version
     * @throws Exception on failure
     */
    @Benchmark
    public long rawDispatch() throws Exception {
      synchronized (raw) {
        return rawDispatchOnce();
      }
    }
  }

  /**
   * Draining {@code events} pre-queued events, queued afresh before every invocation. Five
   * warm-up shots: with two, the JIT was still compiling the processing path during the
   * measured ones (the first measured shots ran 1.5-2x slower than the last).
   */
  public static class Drain extends EsBench {
    /**
     * Queues the events the next draining invocation processes.
     *
     * @throws Exception when queueing fails
     */
    @Setup(Level.Invocation)
    public void queueEvents() throws Exception {
      es.db().withTransaction(() -> {
        for (int i = 0; i < events; i++) {
          es.queue().add("set", nextData());
        }
      });
      raw.setAutoCommit(false);
      for (int i = 0; i < events; i++) {
        rawAppendOne();
      }
      raw.commit();
      raw.setAutoCommit(true);
    }

    /** Library: process every queued event. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 8)
    public void libWaitForQueue() {
      es.waitForQueue();
    }

    /**
     * Raw: process every queued event, 100 per transaction (the twin of libWaitForQueue).
     *
     * @throws Exception on failure
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 8)
    public void rawWaitForQueue() throws Exception {
      while (true) {
        raw.setAutoCommit(false);
        int n = 0;
        try {
          rawReadBatch.setLong(1, rawV);
          try (ResultSet rs = rawReadBatch.executeQuery()) {
            while (rs.next()) {
              rawApply(rs.getLong(1), rs.getString(3));
              n++;
            }
          }
          raw.commit();
        } finally {
          raw.setAutoCommit(true);
        }
        if (n == 0) {
          return;
        }
      }
    }
  }
}
