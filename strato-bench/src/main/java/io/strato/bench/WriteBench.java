package io.strato.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.bench.Docs.Body;
import io.strato.bench.Docs.Doc;
import io.strato.db.DB;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.WriteOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writes: inserting 1,000 documents per transaction, and updating one field of one document;
 * library and raw JDBC each on their own copy of the same data.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WriteBench {
  /** How many documents the update targets are chosen from. */
  @Param("10000")
  public int docs;

  private Path libFile;
  private Path rawFile;
  private DB db;
  private JsonModel<Doc> model;
  private Connection raw;
  private PreparedStatement rawInsert;
  private PreparedStatement rawSelect;
  private PreparedStatement rawUpdate;
  private long next;
  private final SplittableRandom random = new SplittableRandom(7);

  /**
   * Opens both sides on their own copy.
   *
   * @throws Exception when setup fails
   */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    libFile = Docs.populatedCopy(docs);
    rawFile = Docs.populatedCopy(docs);
    db = DB.file(libFile);
    model = Docs.model(db);
    raw = Docs.raw(rawFile);
    rawInsert = raw.prepareStatement("INSERT INTO docs(id, json, n) VALUES (?, ?, ?)");
    rawSelect = raw.prepareStatement("SELECT json FROM docs WHERE id = ?");
    rawUpdate = raw.prepareStatement("UPDATE docs SET json = ? WHERE id = ?");
    next = 1_000_000_000L;
  }

  /**
   * Closes both sides and deletes the copies.
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

  /** Library: 1,000 new documents in one transaction. */
  @Benchmark
  public void libInsert1000() {
    db.withTransaction(() -> {
      for (int i = 0; i < 1000; i++) {
        model.set(Docs.doc(next++), WriteOptions.noReturn());
      }
    });
  }

  /**
   * Raw: 1,000 inserts in one transaction.
   *
   * @throws Exception on failure
   */
  @Benchmark
  public void rawInsert1000() throws Exception {
    raw.setAutoCommit(false);
    try {
      for (int i = 0; i < 1000; i++) {
        Doc d = Docs.doc(next++);
        rawInsert.setString(1, d.id());
        rawInsert.setString(2, Docs.MAPPER.writeValueAsString(new Body(d.name(), d.tags(), d.nested())));
        rawInsert.setLong(3, d.n());
        rawInsert.executeUpdate();
      }
      raw.commit();
    } finally {
      raw.setAutoCommit(true);
    }
  }

  /**
   * Library: update the name of one document.
   *
   * @return the updated document
   */
  @Benchmark
  public Doc libUpdate() {
    int i = random.nextInt(docs);
    return model.update(Map.of("id", "d" + i, "name", "renamed " + random.nextInt()));
  }

  /**
   * Raw: the same read-modify-write in one transaction.
   *
   * @return the new JSON
   * @throws Exception on failure
   */
  @Benchmark
  public String rawUpdate() throws Exception {
    int i = random.nextInt(docs);
    raw.setAutoCommit(false);
    try {
      rawSelect.setString(1, "d" + i);
      ObjectNode o;
      try (ResultSet rs = rawSelect.executeQuery()) {
        rs.next();
        o = (ObjectNode) Docs.MAPPER.readTree(rs.getString(1));
      }
      o.put("name", "renamed " + random.nextInt());
      String json = Docs.MAPPER.writeValueAsString(o);
      rawUpdate.setString(1, json);
      rawUpdate.setString(2, "d" + i);
      rawUpdate.executeUpdate();
      raw.commit();
      return json;
    } finally {
      raw.setAutoCommit(true);
    }
  }
}
