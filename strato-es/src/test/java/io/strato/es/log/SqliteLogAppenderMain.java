package io.strato.es.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in another JVM by {@link SqliteEventLogConformanceTest}: appends {@code count} events of
 * type {@code tag} to the SQLite log in {@code dir}, prints "done".
 */
public final class SqliteLogAppenderMain {
  private SqliteLogAppenderMain() {}

  /**
   * Entry point.
   *
   * @param args the directory, the count and the tag
   * @throws Exception when the native-library directory cannot be made
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir.resolve("native"));
    int count = Integer.parseInt(args[1]);
    Map<EventLog, io.strato.db.DB> dbs = new java.util.HashMap<>();
    EventLog log = SqliteEventLogConformanceTest.open(dir, dbs);
    try {
      for (int i = 0; i < count; i++) {
        log.append(args[2], JsonNodeFactory.instance.objectNode().put("i", i), 0);
      }
    } finally {
      dbs.values().forEach(io.strato.db.DB::close);
    }
    System.out.println("done");
  }
}
