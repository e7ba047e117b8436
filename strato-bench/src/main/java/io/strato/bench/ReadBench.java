package io.strato.bench;

import static io.strato.jsonmodel.SearchOptions.options;

import io.strato.bench.Docs.Body;
import io.strato.bench.Docs.Doc;
import io.strato.db.DB;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.Page;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * Reads: {@code lib*} through the library, {@code raw*} doing the same work with plain JDBC
 * prepared statements and Jackson on the same file, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReadBench {
  /** How many documents the table holds. */
  @Param("100000")
  public int docs;

  private Path file;
  private DB db;
  private JsonModel<Doc> model;
  private Connection raw;
  private PreparedStatement rawGet;
  private PreparedStatement rawGetAll;
  private PreparedStatement rawSearch;
  private PreparedStatement rawPage;
  private PreparedStatement rawCount;
  private final SplittableRandom random = new SplittableRandom(42);
  private final List<String> libCursors = new ArrayList<>();
  private final List<long[]> rawCursors = new ArrayList<>();

  /**
   * Opens both sides on a fresh copy of the data and prepares page boundaries.
   *
   * @throws Exception when setup fails
   */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    file = Docs.populatedCopy(docs);
    db = DB.file(file);
    model = Docs.model(db);
    raw = Docs.raw(file);
    rawGet = raw.prepareStatement("SELECT id, json, n FROM docs WHERE id = ?");
    rawGetAll = raw.prepareStatement("SELECT id, json, n FROM docs WHERE id IN (SELECT value FROM json_each(?))");
    rawSearch = raw.prepareStatement("SELECT id, json, n FROM docs WHERE json_extract(json, '$.nested.x') = ?");
    rawPage = raw.prepareStatement("SELECT id, json, n, rowId FROM docs WHERE n >= ? AND (n > ? OR (n = ? AND rowId > ?))"
        + " ORDER BY n, rowId LIMIT 50");
    rawCount = raw.prepareStatement("SELECT COUNT(*) FROM docs WHERE json_extract(json, '$.nested.x') = ?");
    for (int i = 0; i < 32; i++) {
      int depth = random.nextInt(Math.max(1, docs - 100));
      Page<Doc> p = model.search(Map.of(), options().sort("n", 1).limit(50).offset(depth).noTotal());
      libCursors.add(p.cursor());
      try (PreparedStatement s = raw.prepareStatement("SELECT n, rowId FROM docs ORDER BY n, rowId LIMIT 1 OFFSET ?")) {
        s.setInt(1, depth + 49);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          rawCursors.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
      }
    }
  }

  /**
   * Closes everything and deletes the copy.
   *
   * @throws Exception when closing fails
   */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    raw.close();
    db.close();
    Docs.delete(file);
  }

  private String randomId() {
    return "d" + random.nextInt(docs);
  }

  private static Doc map(ResultSet rs) throws Exception {
    Body b = Docs.MAPPER.readValue(rs.getString(2), Body.class);
    return new Doc(rs.getString(1), b.name(), rs.getLong(3), b.tags(), b.nested());
  }

  /**
   * Library: get by id.
   *
   * @return the document
   */
  @Benchmark
  public Doc libGet() {
    return model.get(randomId()).orElseThrow();
  }

  /**
   * Raw: get by id.
   *
   * @return the document
   * @throws Exception on failure
   */
  @Benchmark
  public Doc rawGet() throws Exception {
    rawGet.setString(1, randomId());
    try (ResultSet rs = rawGet.executeQuery()) {
      rs.next();
      return map(rs);
    }
  }

  private List<String> hundredIds() {
    List<String> ids = new ArrayList<>(100);
    for (int i = 0; i < 100; i++) {
      ids.add(randomId());
    }
    return ids;
  }

  /**
   * Library: getAll of 100 ids.
   *
   * @return the documents
   */
  @Benchmark
  public List<Doc> libGetAll100() {
    return model.getAll(hundredIds());
  }

  /**
   * Raw: 100 ids in one query, results in id order.
   *
   * @return the documents
   * @throws Exception on failure
   */
  @Benchmark
  public List<Doc> rawGetAll100() throws Exception {
    List<String> ids = hundredIds();
    rawGetAll.setString(1, Docs.MAPPER.writeValueAsString(ids));
    Map<String, Doc> byId = new HashMap<>();
    try (ResultSet rs = rawGetAll.executeQuery()) {
      while (rs.next()) {
        Doc d = map(rs);
        byId.put(d.id(), d);
      }
    }
    List<Doc> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      out.add(byId.get(id));
    }
    return out;
  }

  /**
   * Library: search by the indexed virtual column (about docs/100 rows).
   *
   * @return the documents
   */
  @Benchmark
  public List<Doc> libSearch() {
    return model.searchAll(Map.of("x", random.nextInt(100)));
  }

  /**
   * Raw: the same search.
   *
   * @return the documents
   * @throws Exception on failure
   */
  @Benchmark
  public List<Doc> rawSearch() throws Exception {
    rawSearch.setInt(1, random.nextInt(100));
    List<Doc> out = new ArrayList<>();
    try (ResultSet rs = rawSearch.executeQuery()) {
      while (rs.next()) {
        out.add(map(rs));
      }
    }
    return out;
  }

  /**
   * Library: a page of 50 sorted by n, continued from a cursor somewhere in the table.
   *
   * @return the page
   */
  @Benchmark
  public Page<Doc> libKeysetPage() {
    String c = libCursors.get(random.nextInt(libCursors.size()));
    return model.search(Map.of(), options().sort("n", 1).limit(50).noTotal().cursor(c));
  }

  /**
   * Raw: the same page with a hand-written keyset condition, plus the next cursor values.
   *
   * @return the page
   * @throws Exception on failure
   */
  @Benchmark
  public List<Doc> rawKeysetPage() throws Exception {
    long[] c = rawCursors.get(random.nextInt(rawCursors.size()));
    rawPage.setLong(1, c[0]);
    rawPage.setLong(2, c[0]);
    rawPage.setLong(3, c[0]);
    rawPage.setLong(4, c[1]);
    List<Doc> out = new ArrayList<>(50);
    long lastN = 0;
    long lastRow = 0;
    try (ResultSet rs = rawPage.executeQuery()) {
      while (rs.next()) {
        out.add(map(rs));
        lastN = rs.getLong(3);
        lastRow = rs.getLong(4);
      }
    }
    if (lastN + lastRow < 0) {
      throw new IllegalStateException();
    }
    return out;
  }

  /**
   * Library: count with a filter on the virtual column.
   *
   * @return the count
   */
  @Benchmark
  public long libCount() {
    return model.count(Map.of("x", random.nextInt(100)));
  }

  /**
   * Raw: the same count.
   *
   * @return the count
   * @throws Exception on failure
   */
  @Benchmark
  public long rawCount() throws Exception {
    rawCount.setInt(1, random.nextInt(100));
    try (ResultSet rs = rawCount.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
