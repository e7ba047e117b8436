package io.strato.es.postgres;

import io.strato.es.log.EventLog;
import io.strato.es.log.EventLogConformance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The strato-es conformance kit on the PostgreSQL log. A test's directory names its schema (in
 * {@code schema.txt}), so reopening the directory reopens the same log and the child appender
 * JVM ({@link PgLogAppenderMain}) appends to it too.
 */
class PostgresEventLogConformanceTest extends EventLogConformance {
  private final Set<String> schemas = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void server() {
    PgTestSupport.requireServer();
  }

  @AfterEach
  void dropSchemas() {
    schemas.forEach(PgTestSupport::dropSchema);
  }

  /** The schema of a test directory, chosen on first use. */
  static String schemaOf(Path dir) {
    Path f = dir.resolve("schema.txt");
    try {
      if (!Files.exists(f)) {
        Files.writeString(f, PgTestSupport.newSchema());
      }
      return Files.readString(f).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected EventLog openLog(Path dir) {
    String schema = schemaOf(dir);
    schemas.add(schema);
    return PgTestSupport.log(schema);
  }

  @Override
  protected void closeLog(EventLog log) {
    log.close();
  }

  @Override
  protected List<String> appenderCommand(Path dir, int count, String tag) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), PgLogAppenderMain.class.getName(), dir.toString(),
        String.valueOf(count), tag);
  }
}
