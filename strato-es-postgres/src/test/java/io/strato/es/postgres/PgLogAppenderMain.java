package io.strato.es.postgres;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;

/**
 * Run in another JVM by {@link PostgresEventLogConformanceTest}: appends {@code count} events of
 * type {@code tag} to the log whose schema the directory names, prints "done".
 */
public final class PgLogAppenderMain {
  private PgLogAppenderMain() {}

  /**
   * Entry point.
   *
   * @param args the directory, the count and the tag
   */
  public static void main(String[] args) {
    String schema = PostgresEventLogConformanceTest.schemaOf(Path.of(args[0]));
    int count = Integer.parseInt(args[1]);
    try (PostgresEventLog log = PgTestSupport.log(schema)) {
      for (int i = 0; i < count; i++) {
        log.append(args[2], JsonNodeFactory.instance.objectNode().put("i", i), 0);
      }
    }
    System.out.println("done");
  }
}
