package io.strato.bench;

import io.strato.db.DB;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** {@code EventQueue.add} in autocommit and 100 per transaction, beside raw inserts. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueueBench {
  private Path libFile;
  private Path rawFile;
  private DB db;
  private EventQueue queue;
  private Connection raw;
  private PreparedStatement rawInsert;
  private long i;

  /**
   * Creates the queue table in two files.
   *
   * @throws Exception when setup fails
   */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    libFile = Files.createTempDirectory("strato-bench-q").resolve("q.db");
    rawFile = Files.createTempDirectory("strato-bench-q").resolve("q.db");
    try (DB schema = DB.file(rawFile)) {
      schema.addModel(EventQueue::new);
      schema.open();
    }
    db = DB.file(libFile);
    queue = db.addModel(EventQueue::new);
    raw = Docs.raw(rawFile);
    rawInsert = raw.prepareStatement("INSERT INTO history(type, ts, data) VALUES (?, ?, ?)");
  }

  /**
   * Closes and deletes.
   *
   * @throws Exception when closing fails
   */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    raw.close();
    db.close();
    Docs.delete(libFile);
    Docs.delete(rawFile);
  }

  /**
   * Library: one add, autocommit.
   *
   * @return the event
   */
  @Benchmark
  public Event libAdd() {
    return queue.add("bench/add", Map.of("i", i++, "name", "x"));
  }

  /**
   * Raw: one insert, autocommit.
   *
   * @return the new version
   * @throws Exception on failure
   */
  @Benchmark
  public long rawAdd() throws Exception {
    return rawInsertOne();
  }

  private long rawInsertOne() throws Exception {
    rawInsert.setString(1, "bench/add");
    rawInsert.setLong(2, System.currentTimeMillis());
    rawInsert.setString(3, Docs.MAPPER.writeValueAsString(Map.of("i", i++, "name", "x")));
    rawInsert.executeUpdate();
    try (var rs = rawInsert.getGeneratedKeys()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Library: 100 adds in one transaction. */
  @Benchmark
  public void libAdd100InTx() {
    db.withTransaction(() -> {
      for (int k = 0; k < 100; k++) {
        queue.add("bench/add", Map.of("i", i++, "name", "x"));
      }
    });
  }

  /**
   * Raw: 100 inserts in one transaction.
   *
   * @throws Exception on failure
   */
  @Benchmark
  public void rawAdd100InTx() throws Exception {
    raw.setAutoCommit(false);
    try {
      for (int k = 0; k < 100; k++) {
        rawInsertOne();
      }
      raw.commit();
    } finally {
      raw.setAutoCommit(true);
    }
  }
}
