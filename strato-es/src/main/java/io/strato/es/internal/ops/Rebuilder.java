package io.strato.es.internal.ops;

import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.db.Sql;
import io.strato.es.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rebuild: replays the whole history through the current code into a scratch file next to the
 * state file (its tables are the shadow tables), then, holding the processing lock and the
 * write lock, catches the replay up to the live version and replaces the rows of the chosen
 * models' live tables with the shadow rows in that one transaction. Until that commit the live
 * tables are untouched; a process killed before it leaves only the scratch file, removed by the
 * next rebuild.
 */
final class Rebuilder {
  private static final Logger LOG = LoggerFactory.getLogger(Rebuilder.class);

  private Rebuilder() {}

  static void rebuild(OpsContext c, Collection<String> models, Progress progress) {
    if (models == null || models.isEmpty()) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': rebuild needs at least one model; the"
          + " models are " + c.modelNames());
    }
    Set<String> tables = new LinkedHashSet<>();
    for (String m : models) {
      if (m == null) {
        throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': rebuild got a null model name");
      }
      tables.add(c.stage(m).model().name());
    }
    c.requireWritable("rebuild");
    Path stateFile = c.db().file().orElse(null);
    try (RebuildLock lock = RebuildLock.take(c.name(), stateFile, c.db())) {
      Path scratch = stateFile == null ? Verifier.scratchFile(c, "rebuild")
          : stateFile.toAbsolutePath().resolveSibling(stateFile.getFileName() + ".rebuild.db");
      Replayer.delete(scratch); // a leftover of a rebuild that died; we hold the lock
      long t0 = System.nanoTime();
      try (Replica r = Replayer.open(c, scratch)) {
        Replayer.catchUp(c, r, c.version(), progress);
        long v = c.writeLocked("rebuild", () -> {
          long live = c.db().userVersion();
          Replayer.catchUp(c, r, live, progress);
          for (String t : tables) {
            swap(c.db(), r.db().db(), t);
          }
          return live;
        });
        LOG.info("EventSourcingDB '{}': rebuilt {} at version {} in {} ms", c.name(), tables, v,
            (System.nanoTime() - t0) / 1_000_000);
      } finally {
        Replayer.delete(scratch);
      }
    }
  }

  /** Inside the live transaction: the live table's rows become the shadow table's. */
  private static void swap(DB live, DB shadow, String table) {
    List<String> cols = columns(live, table);
    cols.retainAll(columns(shadow, table));
    String q = Sql.quoteId(table);
    live.run("DELETE FROM " + q);
    StringBuilder names = new StringBuilder();
    StringBuilder marks = new StringBuilder();
    for (String col : cols) {
      names.append(names.length() == 0 ? "" : ", ").append(Sql.quoteId(col));
      marks.append(marks.length() == 0 ? "?" : ", ?");
    }
    String insert = "INSERT INTO " + q + " (" + names + ") VALUES (" + marks + ")";
    shadow.each("SELECT " + names + " FROM " + q, List.of(), row -> {
      Object[] values = new Object[cols.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.get(cols.get(i));
      }
      live.prepare(insert).run(values);
    });
  }

  private static List<String> columns(DB db, String table) {
    List<String> cols = new ArrayList<>();
    for (Row r : db.all("SELECT name FROM pragma_table_info(?)", table)) {
      cols.add(r.getString("name"));
    }
    return cols;
  }
}
