package io.strato.es.internal.ops;

import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.db.Sql;
import io.strato.queue.EventQueue;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * snapshot ({@code VACUUM INTO}, recorded in {@code {sdb} snapshots}) and prune (archive, then
 * delete, only behind a recorded snapshot whose file still exists).
 */
final class Snapshots {
  static final String TABLE = "{sdb} snapshots";
  private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

  private Snapshots() {}

  static long snapshot(OpsContext c, Path file) {
    if (file == null) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': snapshot needs a file");
    }
    if (Files.exists(file)) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': the snapshot file " + file
          + " exists; give a new file");
    }
    c.requireWritable("snapshot");
    c.db().run("VACUUM INTO ?", file.toAbsolutePath().toString());
    long v;
    try (DB copy = DB.builder().file(file).readOnly(true).build()) {
      v = copy.userVersion();
    }
    String path = file.toAbsolutePath().toString();
    c.writeLocked("snapshot", () -> {
      c.db().exec("CREATE TABLE IF NOT EXISTS " + Sql.quoteId(TABLE)
          + " (v INTEGER NOT NULL, file TEXT NOT NULL, ts INTEGER NOT NULL)");
      c.db().run("INSERT INTO " + Sql.quoteId(TABLE) + " (v, file, ts) VALUES (?, ?, ?)", v, path,
          System.currentTimeMillis());
      return null;
    });
    LOG.info("EventSourcingDB '{}': snapshot at version {} written to {}", c.name(), v, path);
    return v;
  }

  static long prune(OpsContext c, long beforeV, Path archive) {
    EventQueue q = c.requireQueue("prune");
    if (archive == null) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': prune needs an archive file");
    }
    if (Files.exists(archive)) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': the archive " + archive
          + " exists; give a new file");
    }
    long version = c.version();
    if (beforeV < 2 || beforeV > version + 1) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': prune(beforeV) needs 2 <= beforeV <= "
          + (version + 1) + " (only processed events leave the log), got " + beforeV);
    }
    Path snap = snapshotAtOrAbove(c, beforeV);
    if (snap == null) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': no snapshot at or above version "
          + beforeV + " exists; take one with snapshot(file) first");
    }
    Path tmp = archive.resolveSibling(archive.getFileName() + ".part");
    long written;
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp));
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
      written = HistoryLines.write(c.log(), 0, beforeV - 1, w, n -> {});
    } catch (IOException e) {
      throw new UncheckedIOException("EventSourcingDB '" + c.name() + "': cannot write the archive " + archive, e);
    }
    try {
      Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("EventSourcingDB '" + c.name() + "': cannot write the archive " + archive, e);
    }
    q.setKnownV(c.log().head()); // new events keep counting from the head, even if all are pruned
    long deleted = c.writeLocked("prune", () -> q.removeBelow(beforeV));
    LOG.info("EventSourcingDB '{}': pruned {} events below version {} into {} (snapshot {})", c.name(), deleted,
        beforeV, archive, snap);
    if (deleted != written) {
      LOG.warn("EventSourcingDB '{}': archived {} events but deleted {}", c.name(), written, deleted);
    }
    return deleted;
  }

  /** The newest recorded snapshot at or above v whose file still exists, or null. */
  private static Path snapshotAtOrAbove(OpsContext c, long v) {
    if (c.db().get("SELECT 1 AS e FROM sqlite_master WHERE type = 'table' AND name = ?", TABLE).isEmpty()) {
      return null;
    }
    for (Row r : c.db().all("SELECT file FROM " + Sql.quoteId(TABLE) + " WHERE v >= ? ORDER BY v DESC", v)) {
      Path p = Path.of(r.getString("file"));
      if (Files.exists(p)) {
        return p;
      }
    }
    return null;
  }
}
