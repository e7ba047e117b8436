package io.strato.bench;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.jsonmodel.Hit;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.ModelConfig;
import io.strato.jsonmodel.Page;
import io.strato.jsonmodel.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
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
 * Full-text search (SPEC §13): {@code lib*} through a {@code fullText()} column, {@code raw*}
 * the same FTS5 queries with plain JDBC on the same file (the same FTS5 table), in the same
 * run. Documents {@code {id:"a<i>", body:"<30 words>"}} whose words follow a skewed
 * distribution over a 5,000-word vocabulary; each query is two words of middling frequency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FtsBench {
  private static final int VOCABULARY = 5_000;
  private static final Map<Integer, Path> TEMPLATES = new ConcurrentHashMap<>();

  /** How many documents the table holds. */
  @Param("100000")
  public int docs;

  private Path file;
  private DB db;
  private JsonModel<ObjectNode> model;
  private Connection raw;
  private PreparedStatement rawRanked;
  private PreparedStatement rawSnippets;
  private PreparedStatement rawCount;
  private final SplittableRandom random = new SplittableRandom(42);

  private static String word(SplittableRandom r) {
    double u = r.nextDouble();
    // skewed like natural text: a few very common words, a long tail
    return "w" + (int) (u * u * u * VOCABULARY);
  }

  private String query() {
    // words ranked 200-1,000 by frequency: each matches some hundreds to thousands of documents
    return "w" + (200 + random.nextInt(800)) + " w" + (200 + random.nextInt(800));
  }

  private static JsonModel<ObjectNode> model(DB db) {
    return db.addModel(d -> new JsonModel<>(d, ModelConfig.builder("articles").column("body", column().fullText())
        .build()));
  }

  private static Path build(int count) {
    try {
      Path f = Files.createTempDirectory("strato-bench-fts-template").resolve("fts.db");
      try (DB d = DB.file(f)) {
        JsonModel<ObjectNode> m = model(d);
        SplittableRandom r = new SplittableRandom(7);
        for (int start = 0; start < count; start += 10_000) {
          int from = start;
          d.withTransaction(() -> {
            for (int i = from; i < Math.min(count, from + 10_000); i++) {
              StringBuilder body = new StringBuilder();
              for (int w = 0; w < 30; w++) {
                body.append(w == 0 ? "" : " ").append(word(r));
              }
              ObjectNode n = Docs.MAPPER.createObjectNode().put("id", "a" + i).put("body", body.toString());
              m.set(n, WriteOptions.noReturn());
            }
          });
        }
        d.exec("INSERT INTO \"articles_body_fts\"(\"articles_body_fts\") VALUES ('optimize')");
        d.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> Docs.delete(f), "strato-bench-cleanup"));
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens both sides on a fresh copy of the data.
   *
   * @throws Exception when setup fails
   */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    Path template = TEMPLATES.computeIfAbsent(docs, FtsBench::build);
    file = Files.createTempDirectory("strato-bench").resolve("fts.db");
    Files.copy(template, file);
    db = DB.file(file);
    model = model(db);
    raw = Docs.raw(file);
    String join = " FROM articles JOIN articles_body_fts ON articles_body_fts.rowid = articles.rowid"
        + " WHERE articles_body_fts MATCH ?";
    rawRanked = raw.prepareStatement("SELECT articles.id, articles.json" + join
        + " ORDER BY bm25(articles_body_fts), articles.rowid LIMIT 20");
    rawSnippets = raw.prepareStatement("SELECT articles.id, articles.json, bm25(articles_body_fts),"
        + " snippet(articles_body_fts, 0, '<b>', '</b>', '…', 16)" + join
        + " ORDER BY bm25(articles_body_fts), articles.rowid LIMIT 10");
    rawCount = raw.prepareStatement("SELECT COUNT(*)" + join);
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

  private static List<ObjectNode> read(ResultSet rs) throws Exception {
    List<ObjectNode> out = new ArrayList<>();
    while (rs.next()) {
      ObjectNode n = (ObjectNode) Docs.MAPPER.readTree(rs.getString(2));
      n.put("id", rs.getString(1));
      out.add(n);
    }
    return out;
  }

  /**
   * Library: the 20 most relevant matches of a two-word query (no total).
   *
   * @return the page
   */
  @Benchmark
  public Page<ObjectNode> libRanked() {
    return model.search(Map.of("body", query()), options().sortByRank("body", 1).limit(20).noTotal());
  }

  /**
   * Raw: the same ranked query, mapped to trees.
   *
   * @return the items
   * @throws Exception on failure
   */
  @Benchmark
  public List<ObjectNode> rawRanked() throws Exception {
    rawRanked.setString(1, query());
    try (ResultSet rs = rawRanked.executeQuery()) {
      return read(rs);
    }
  }

  /**
   * Library: the 10 most relevant hits with their scores and a snippet each (no total).
   *
   * @return the page
   */
  @Benchmark
  public Page<Hit<ObjectNode>> libSnippets() {
    return model.searchHits(Map.of("body", query()), options().sortByRank("body", 1).snippet("body").limit(10)
        .noTotal());
  }

  /**
   * Raw: the same query with bm25 and snippet selected.
   *
   * @return the items, each with its snippet under {@code _s}
   * @throws Exception on failure
   */
  @Benchmark
  public List<ObjectNode> rawSnippets() throws Exception {
    rawSnippets.setString(1, query());
    List<ObjectNode> out = new ArrayList<>();
    try (ResultSet rs = rawSnippets.executeQuery()) {
      while (rs.next()) {
        ObjectNode n = (ObjectNode) Docs.MAPPER.readTree(rs.getString(2));
        n.put("id", rs.getString(1)).put("_r", rs.getDouble(3)).put("_s", rs.getString(4));
        out.add(n);
      }
    }
    return out;
  }

  /**
   * Library: the number of matches of a two-word query.
   *
   * @return the count
   */
  @Benchmark
  public long libCount() {
    return model.count(Map.of("body", query()));
  }

  /**
   * Raw: the same COUNT.
   *
   * @return the count
   * @throws Exception on failure
   */
  @Benchmark
  public long rawCount() throws Exception {
    rawCount.setString(1, query());
    try (ResultSet rs = rawCount.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
