package io.strato.bench;

import static io.strato.jsonmodel.ColumnDef.column;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.db.DB;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.ModelConfig;
import io.strato.jsonmodel.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * The benchmark data set: documents {@code {id:"d<i>", name:"name <i>", n:i, tags:["a","b"],
 * nested:{x:i%100}}} in table {@code docs}, with a real indexed INTEGER column {@code n} and a
 * virtual indexed column {@code x} on {@code nested.x}. The library and the raw baselines read
 * and write the very same table.
 */
public final class Docs {
  /** The nested part of a document. */
  public record Nested(int x) {}

  /** A document. */
  public record Doc(String id, String name, long n, List<String> tags, Nested nested) {}

  /** What raw JDBC stores in the json column: the document without its real columns. */
  public record Body(String name, List<String> tags, Nested nested) {}

  /** The mapper both sides use. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final Map<Integer, Path> TEMPLATES = new ConcurrentHashMap<>();
  private static final List<String> TAGS = List.of("a", "b");

  private Docs() {}

  /**
   * The document number i.
   *
   * @param i the number
   * @return the document
   */
  public static Doc doc(long i) {
    return new Doc("d" + i, "name " + i, i, TAGS, new Nested((int) (i % 100)));
  }

  /**
   * The model definition.
   *
   * @return the config
   */
  public static ModelConfig<Doc> config() {
    return ModelConfig.builder("docs", Doc.class)
        .objectMapper(MAPPER)
        .column("n", column().type(ColumnType.INTEGER).index(IndexKind.ALL))
        .column("x", column().path("nested.x").index(IndexKind.DEFAULT))
        .build();
  }

  /**
   * Opens the model on a DB.
   *
   * @param db the DB
   * @return the model
   */
  public static JsonModel<Doc> model(DB db) {
    return db.addModel(d -> new JsonModel<>(d, config()));
  }

  /**
   * A file holding {@code count} documents, built once per JVM and size, then copied.
   *
   * @param count the number of documents
   * @return a fresh copy of the file
   */
  public static Path populatedCopy(int count) {
    Path template = TEMPLATES.computeIfAbsent(count, Docs::build);
    try {
      Path dir = Files.createTempDirectory("strato-bench");
      Path copy = dir.resolve("docs.db");
      Files.copy(template, copy);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path build(int count) {
    try {
      Path file = Files.createTempDirectory("strato-bench-template").resolve("docs.db");
      try (DB db = DB.file(file)) {
        JsonModel<Doc> m = model(db);
        for (int start = 0; start < count; start += 10_000) {
          int from = start;
          db.withTransaction(() -> {
            for (int i = from; i < Math.min(count, from + 10_000); i++) {
              m.set(doc(i), WriteOptions.noReturn());
            }
          });
        }
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      // One template per JVM and size: without this every benchmark fork left ~12 MB in /tmp.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(file), "strato-bench-cleanup"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A raw sqlite-jdbc connection with the same pragmas the library sets.
   *
   * @param file the file
   * @return the connection
   * @throws SQLException when it cannot open
   */
  public static Connection raw(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA busy_timeout=10000");
    }
    return c;
  }

  /**
   * Deletes a benchmark file and its directory.
   *
   * @param file the file
   */
  public static void delete(Path file) {
    if (file == null) {
      return;
    }
    try {
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      }
      Files.deleteIfExists(file.getParent());
    } catch (IOException e) {
      // best effort: temp files
    }
  }
}
