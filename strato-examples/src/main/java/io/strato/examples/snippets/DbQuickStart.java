package io.strato.examples.snippets;

import io.strato.db.DB;
import java.nio.file.Path;
import java.util.Map;

/** README quick start for strato-db alone (no Jackson needed). Compiled and tested with the build. */
public final class DbQuickStart {
  private DbQuickStart() {}

  /**
   * Creates a table by migration, writes in a transaction and reads back.
   *
   * @param file the database file
   * @return the stored greeting
   */
  public static String run(Path file) {
    // --- snippet: db
    try (DB db = DB.file(file)) {
      db.registerMigrations("app", Map.of(
          "1_notes", d -> d.exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL)")));
      db.withTransaction(() -> {
        db.run("INSERT INTO notes(text) VALUES (?)", "hello");
        db.run("UPDATE notes SET text = text || ? WHERE id = ?", ", world", 1);
      });
      return db.get("SELECT text FROM notes WHERE id = ?", 1).orElseThrow().getString("text");
    }
    // --- end
  }
}
