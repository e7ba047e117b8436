package io.strato.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.EventSourcingDB;
import io.strato.es.postgres.ClusterRecords;
import io.strato.es.postgres.PostgresEventLog;
import io.strato.queue.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * strato-es-postgres beside raw JDBC twins, against the PostgreSQL at {@code STRATO_PG_URL}
 * (default: local, trust auth, database {@code test}, user {@code postgres}). Every benchmark
 * runs on a fresh schema of its own, dropped in its tear-down. This class holds the shared
 * fixture: the schema and the raw twin's append (one transaction: bump the counter row, insert
 * the event, commit: three round trips).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class PgBench {
  /** The default server: local, trust auth. */
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  String schema;
  Path dir;
  /** Source of event numbers; shared by the threads of a concurrent benchmark. */
  final AtomicLong k = new AtomicLong();
  /** The raw twins' connections (one per thread), closed in the tear-down. */
  private final ConcurrentLinkedQueue<RawAppender> rawConns = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<RawAppender> rawConn = ThreadLocal.withInitial(() -> {
    RawAppender r = new RawAppender(schema);
    rawConns.add(r);
    return r;
  });

  /**
   * The server to measure against: {@code STRATO_PG_URL} or {@link #DEFAULT_URL}.
   *
   * @return the JDBC URL
   */
  public static String url() {
    String u = System.getenv("STRATO_PG_URL");
    return u == null || u.isBlank() ? DEFAULT_URL : u;
  }

  /**
   * Whether the server answers (the smoke test's check).
   *
   * @return true when a connection opens and is valid
   */
  public static boolean serverAnswers() {
    try (Connection c = DriverManager.getConnection(url())) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * A fresh schema and state directory; the subclass opens what it measures.
   *
   * @throws Exception when setup fails
   */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    dir = Files.createTempDirectory("strato-bench-pg");
    open();
  }

  /**
   * Opens what the benchmark measures (the log's tables are created by the first log built).
   *
   * @throws Exception when opening fails
   */
  abstract void open() throws Exception;

  /**
   * Closes what the benchmark opened.
   *
   * @throws Exception when closing fails
   */
  abstract void close() throws Exception;

  /**
   * Closes everything, drops the schema and deletes the state files.
   *
   * @throws Exception when closing fails
   */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      for (RawAppender r : rawConns) {
        r.c.close();
      }
      close();
    } finally {
      try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
      try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** A log on this benchmark's schema (creates the tables on first use). */
  PostgresEventLog newLog() {
    return PostgresEventLog.builder().url(url()).schema(schema).build();
  }

  /** The next event's data: {@code {id, n}} over 1000 ids. */
  ObjectNode nextData() {
    long i = k.getAndIncrement();
    return JsonNodeFactory.instance.objectNode().put("id", "o" + (i % 1000)).put("n", i);
  }

  /** The raw append on this thread's own connection. */
  long rawAppend(ObjectNode data) throws Exception {
    return rawConn.get().append(data);
  }

  /** One connection of the raw twin and its statements. */
  static final class RawAppender {
    final Connection c;
    final PreparedStatement bump;
    final PreparedStatement ins;

    RawAppender(String schema) {
      try {
        c = DriverManager.getConnection(url());
        c.setAutoCommit(false);
        bump = c.prepareStatement("UPDATE " + schema + ".head SET v = v + 1 RETURNING v");
        ins = c.prepareStatement("INSERT INTO " + schema + ".events (v, type, ts, data) VALUES (?, ?, ?, ?)");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Bump the counter row, insert the event, commit. */
    long append(ObjectNode data) throws Exception {
      long v;
      try (ResultSet rs = bump.executeQuery()) {
        rs.next();
        v = rs.getLong(1);
      }
      ins.setLong(1, v);
      ins.setString(2, "set");
      ins.setLong(3, System.currentTimeMillis());
      ins.setString(4, Docs.MAPPER.writeValueAsString(data));
      ins.executeUpdate();
      c.commit();
      return v;
    }
  }

  /** Appends from one thread: {@link PostgresEventLog#append} beside the raw twin's append. */
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public static class Append extends PgBench {
    PostgresEventLog log;

    @Override
    void open() {
      log = newLog();
    }

    @Override
    void close() {
      log.close();
    }

    /**
     * Library: one append (one statement, one commit).
     *
     * @return the stored event
     */
    @Benchmark
    public Event libAppend() {
      return log.append("set", nextData(), 0);
    }

    /**
     * Raw: bump the counter row, insert, commit.
     *
     * @return the version
     * @throws Exception on failure
     */
    @Benchmark
    public long rawAppend() throws Exception {
      return rawAppend(nextData());
    }
  }

  /**
   * Appends from four threads at once: the library shares one log (it groups waiting appends
   * into one statement and one commit); the raw twin gives each thread a connection of its own,
   * and they queue on the counter row's lock.
   */
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(4)
  public static class ConcurrentAppend extends Append {
  }

  /** The one-set model the dispatch benchmarks use. */
  EventSourcingDB.Builder esBuilder(String name) {
    return EventSourcingDB.builder().file(dir.resolve(name + ".db")).model(new EsBench.Objs());
  }

  /** A node of a cluster on this schema: its log, records and state. */
  final class Node {
    final PostgresEventLog log = newLog();
    final ClusterRecords records;
    final EventSourcingDB es;

    Node(String name) {
      records = ClusterRecords.builder(log).node(name).build();
      es = esBuilder(name).eventLog(log).processedRecords(records).build();
      es.startPolling();
    }

    void close() {
      es.close();
      records.close();
      log.close();
    }
  }

  /** Opens a node and waits until it leads. */
  Node leader() throws InterruptedException {
    Node n = new Node("leader");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!n.records.isLeader()) {
      if (System.nanoTime() > end) {
        n.close();
        throw new IllegalStateException("the node did not become leader within 30 s");
      }
      Thread.sleep(20);
    }
    return n;
  }

  /** The raw twin's local state: a SQLite file holding the objects and the version. */
  Connection rawState;
  PreparedStatement rawUpsert;

  void openRawState() throws SQLException {
    rawState = Docs.raw(dir.resolve("raw.db"));
    try (Statement s = rawState.createStatement()) {
      s.executeUpdate("CREATE TABLE objs(rowId INTEGER PRIMARY KEY, id TEXT NOT NULL, json JSON)");
      s.executeUpdate("CREATE UNIQUE INDEX objs_id ON objs(id)");
    }
    rawUpsert = rawState.prepareStatement(
        "INSERT INTO objs(id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json");
    rawState.setAutoCommit(false);
  }

  /**
   * The raw dispatch: the raw append on PostgreSQL (bump, insert, commit), then one SQLite
   * transaction storing the object and the version ({@code user_version}). No processed record
   * is written anywhere and nothing is published for followers.
   */
  long rawDispatchOnce() throws Exception {
    ObjectNode d = nextData();
    long v = rawAppend(d);
    rawUpsert.setString(1, d.path("id").asText());
    rawUpsert.setString(2, Docs.MAPPER.writeValueAsString(d));
    rawUpsert.executeUpdate();
    try (Statement s = rawState.createStatement()) {
      s.executeUpdate("PRAGMA user_version = " + v);
    }
    rawState.commit();
    return v;
  }

  /**
   * Dispatch latency end to end on a one-node cluster (the node leads): {@code es.dispatch}
   * appends to PostgreSQL, reduces, stores the result in SQLite, publishes the processed record
   * to PostgreSQL and returns. The raw twin is {@link #rawDispatchOnce}.
   */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public static class LeaderDispatch extends PgBench {
    Node node;

    @Override
    void open() throws Exception {
      node = leader();
      openRawState();
    }

    @Override
    void close() throws Exception {
      rawState.close();
      node.close();
    }

    /**
     * Library: one dispatch on the leader, waiting for it to be processed.
     *
     * @return the processed event
     */
    @Benchmark
    public Event libDispatch() {
      return node.es.dispatch("set", nextData());
    }

    /**
     * Raw: PostgreSQL append, then the SQLite update.
     *
     * @return the version
     * @throws Exception on failure
     */
    @Benchmark
    public long rawDispatch() throws Exception {
      return rawDispatchOnce();
    }
  }

  /**
   * Follower lag under a steady load (one dispatch after another): the time from a dispatch on
   * the leader until a second node in this JVM (a follower, its own log connections and state
   * file) has applied it ({@code handledVersion(v)} on the follower). There is no raw twin of
   * replication; for reference the raw side is the raw dispatch of {@link LeaderDispatch} (leader
   * only, nothing replicated), and {@code LeaderDispatch.libDispatch} is the library's leader-only
   * figure.
   */
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public static class FollowerLag extends PgBench {
    Node leader;
    Node follower;

    @Override
    void open() throws Exception {
      leader = leader();
      follower = new Node("follower");
      openRawState();
    }

    @Override
    void close() throws Exception {
      rawState.close();
      follower.close();
      leader.close();
    }

    /**
     * Library: dispatch on the leader, then wait until the follower applied it.
     *
     * @return the event as the follower applied it
     */
    @Benchmark
    public Event libDispatchUntilFollowerApplied() {
      Event e = leader.es.dispatch("set", nextData());
      return follower.es.handledVersion(e.v(), Duration.ofSeconds(30));
    }

    /**
     * Reference: the raw dispatch (leader only).
     *
     * @return the version
     * @throws Exception on failure
     */
    @Benchmark
    public long rawDispatch() throws Exception {
      return rawDispatchOnce();
    }
  }

}
