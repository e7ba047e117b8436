package io.strato.cli;

import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.es.EventSourcingDB;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Opens strato files for the commands: checks that the file is there and is SQLite (exit code
 * {@link ExitCode#FILE} otherwise), opens read-only for reading, and with the application's models
 * (found with ServiceLoader on {@code --classpath}) for commands that run reducers.
 */
public final class Databases {
  private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private Databases() {}

  /**
   * Checks that a file exists, is readable and starts with the SQLite header.
   *
   * @param file the file
   * @throws CliException with {@link ExitCode#FILE} when not
   */
  public static void checkSqliteFile(Path file) {
    if (!Files.exists(file)) {
      throw new CliException(ExitCode.FILE, "no such file: " + file);
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CliException(ExitCode.FILE, "not a readable file: " + file);
    }
    byte[] head = new byte[SQLITE_HEADER.length];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, head.length);
      if (n < head.length || !Arrays.equals(head, SQLITE_HEADER)) {
        throw new CliException(ExitCode.FILE, "not a SQLite file: " + file);
      }
    } catch (IOException e) {
      throw new CliException(ExitCode.FILE, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Checks that a file to write does not exist yet.
   *
   * @param file the target
   * @throws CliException with {@link ExitCode#FILE} when it exists
   */
  public static void checkNewFile(Path file) {
    if (Files.exists(file)) {
      throw new CliException(ExitCode.FILE, "file exists already (will not overwrite): " + file);
    }
  }

  /**
   * Opens the state file read-only, without any application code.
   *
   * @param o the common options
   * @return the open DB
   */
  public static EventSourcingDB openReadOnly(CommonOptions o) {
    check(o);
    EventSourcingDB es = builder(o).readOnly(true).build();
    es.open();
    return es;
  }

  /**
   * Opens the state file read-only as a plain SQLite database (for {@code models}).
   *
   * @param o the common options
   * @return the open DB
   */
  public static DB openPlain(CommonOptions o) {
    checkSqliteFile(o.db());
    DB db = DB.builder().file(o.db()).readOnly(true).build();
    db.open();
    return db;
  }

  /**
   * Opens the state file for writing with the application's models, found with ServiceLoader in
   * a class loader over {@code --classpath} (set as the thread's context class loader while the
   * DB is open). When {@code needsModels}, every model table in the file must have a model.
   *
   * @param o the common options
   * @param cp the application's class path
   * @param needsModels whether the command runs reducers
   * @return the open DB, to close after use
   * @throws CliException naming the models the class path lacks
   */
  public static AppDb openWithModels(CommonOptions o, ClasspathOption cp, boolean needsModels) {
    check(o);
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    URLClassLoader loader = new URLClassLoader("strato-app", urls(cp.entries()), Databases.class.getClassLoader());
    t.setContextClassLoader(loader);
    try {
      EventSourcingDB es = builder(o).discoverModels().build();
      es.open();
      if (needsModels) {
        List<String> missing = new ArrayList<>(modelTables(es.db()));
        missing.removeAll(es.store().keySet());
        if (!missing.isEmpty()) {
          es.close();
          throw new CliException(ExitCode.FAILURE, "no model on the class path for " + String.join(", ", missing)
              + " (tables in " + o.db() + "); give the application's jars with --classpath");
        }
      }
      return new AppDb(es, () -> {
        t.setContextClassLoader(before);
        loader.close();
      });
    } catch (RuntimeException | Error e) {
      t.setContextClassLoader(before);
      closeQuietly(loader);
      throw e;
    }
  }

  /**
   * The tables of a file that hold a model (a JSON document table with {@code id} and
   * {@code json} columns), without the queue and the library's own tables.
   *
   * @param db an open DB
   * @return the table names, sorted
   */
  public static List<String> modelTables(DB db) {
    TreeSet<String> names = new TreeSet<>();
    for (Row r : db.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      String name = r.getString("name");
      if (name.startsWith("sqlite_") || name.startsWith("{sdb}") || name.equals("history")) {
        continue;
      }
      List<Row> cols = db.all("SELECT name FROM pragma_table_info(?)", name);
      boolean id = cols.stream().anyMatch(c -> "id".equals(c.getString("name")));
      boolean json = cols.stream().anyMatch(c -> "json".equals(c.getString("name")));
      if (id && json) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /**
   * The row count of each model table (see {@link #modelTables}).
   *
   * @param db an open DB
   * @return rows by table name, sorted
   */
  public static java.util.SortedMap<String, Long> rowCounts(DB db) {
    java.util.SortedMap<String, Long> rows = new java.util.TreeMap<>();
    for (String t : modelTables(db)) {
      rows.put(t, count(db, t));
    }
    return rows;
  }

  /**
   * The row count of a table.
   *
   * @param db an open DB
   * @param table the table name
   * @return its rows
   */
  public static long count(DB db, String table) {
    return db.get("SELECT COUNT(*) AS n FROM \"" + table.replace("\"", "\"\"") + "\"").orElseThrow().getLong("n");
  }

  private static void check(CommonOptions o) {
    checkSqliteFile(o.db());
    if (o.queueFile() != null) {
      checkSqliteFile(o.queueFile());
    }
  }

  private static EventSourcingDB.Builder builder(CommonOptions o) {
    EventSourcingDB.Builder b = EventSourcingDB.builder().file(o.db());
    if (o.queueFile() != null) {
      b.queueFile(o.queueFile());
    }
    return b;
  }

  private static URL[] urls(List<Path> entries) {
    List<URL> urls = new ArrayList<>();
    for (Path p : entries) {
      if (!Files.exists(p)) {
        throw new CliException(ExitCode.FILE, "class path entry not found: " + p);
      }
      try {
        urls.add(p.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new CliException(ExitCode.FILE, "bad class path entry " + p + ": " + e.getMessage());
      }
    }
    return urls.toArray(URL[]::new);
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // nothing was loaded that needs it
    }
  }

  /** A DB opened with the application's models, and what to undo when it is closed. */
  public static final class AppDb implements AutoCloseable {
    private final EventSourcingDB es;
    private final Undo undo;

    AppDb(EventSourcingDB es, Undo undo) {
      this.es = es;
      this.undo = undo;
    }

    /**
     * The DB.
     *
     * @return the event-sourcing DB
     */
    public EventSourcingDB es() {
      return es;
    }

    @Override
    public void close() throws IOException {
      try {
        es.close();
      } finally {
        undo.run();
      }
    }
  }

  /** Restores the context class loader and closes the application's one. */
  @FunctionalInterface
  interface Undo {
    void run() throws IOException;
  }
}
