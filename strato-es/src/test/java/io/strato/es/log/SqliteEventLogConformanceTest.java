package io.strato.es.log;

import io.strato.db.DB;
import io.strato.queue.EventQueue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The conformance kit on the SQLite log (a queue in its own file). */
class SqliteEventLogConformanceTest extends EventLogConformance {
  private final Map<EventLog, DB> dbs = new ConcurrentHashMap<>();

  /** Opens the log file in {@code dir}; shared with {@link SqliteLogAppenderMain}. */
  static SqliteEventLog open(Path dir, Map<EventLog, DB> dbs) {
    DB db = DB.file(dir.resolve("log.db"));
    SqliteEventLog log = SqliteEventLog.on(db.addModel(EventQueue::new));
    if (dbs != null) {
      dbs.put(log, db);
    }
    return log;
  }

  @Override
  protected EventLog openLog(Path dir) {
    return open(dir, dbs);
  }

  @Override
  protected void closeLog(EventLog log) {
    log.close();
    DB db = dbs.remove(log);
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected List<String> appenderCommand(Path dir, int count, String tag) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dorg.sqlite.tmpdir=" + dir.resolve("native"), "-cp", System.getProperty("java.class.path"),
        SqliteLogAppenderMain.class.getName(), dir.toString(), String.valueOf(count), tag);
  }
}
