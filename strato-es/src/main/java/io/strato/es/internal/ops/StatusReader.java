package io.strato.es.internal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.Sql;
import io.strato.es.Status;
import io.strato.es.internal.processing.HaltSnapshot;
import io.strato.es.internal.processing.Stage;
import io.strato.queue.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads a {@link Status}: versions, the failing event (this process's view, else the stored error), rows, files. */
final class StatusReader {
  private StatusReader() {}

  static Status read(OpsContext c) {
    long version = c.db().userVersion();
    long head = Math.max(version, c.log().head());
    Optional<HaltSnapshot> halt = c.loop() == null ? Optional.empty() : c.loop().halt();
    Event failing = null;
    int attempts = 0;
    Optional<Duration> next = Optional.empty();
    boolean stopped = false;
    if (head > version) {
      Event due = c.records().get(version + 1).orElse(null);
      if (due != null && due.failed()) {
        failing = due;
      }
      if (halt.isPresent() && halt.get().event().v() == version + 1) {
        HaltSnapshot h = halt.get();
        failing = due != null && due.failed() ? due : h.event();
        attempts = h.attempts();
        next = h.nextRetry();
        stopped = h.stopped();
      }
    }
    return new Status(version, head, head - version, Optional.ofNullable(failing), errors(failing), attempts, next,
        stopped, rows(c), files(c));
  }

  private static Map<String, String> errors(Event failing) {
    Map<String, String> out = new LinkedHashMap<>();
    if (failing == null || failing.error() == null) {
      return out;
    }
    JsonNode err = failing.error();
    if (!err.isObject()) {
      out.put("error", err.asText());
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = err.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
    }
    return out;
  }

  private static Map<String, Long> rows(OpsContext c) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (Stage s : c.stages()) {
      String table = s.model().name();
      rows.put(s.name(), c.db().get("SELECT count(*) AS n FROM " + Sql.quoteId(table)).map(r -> r.getLong("n"))
          .orElse(0L));
    }
    return rows;
  }

  private static Map<String, Long> files(OpsContext c) {
    Map<String, Long> sizes = new LinkedHashMap<>();
    c.db().file().ifPresent(f -> addWithWal(sizes, f));
    if (c.queueDb() != null) {
      c.queueDb().file().ifPresent(f -> addWithWal(sizes, f));
    }
    return sizes;
  }

  private static void addWithWal(Map<String, Long> sizes, Path f) {
    for (Path p : new Path[] {f, f.resolveSibling(f.getFileName() + "-wal")}) {
      try {
        if (Files.exists(p)) {
          sizes.put(p.toString(), Files.size(p));
        }
      } catch (IOException e) {
        // vanished in between (a checkpoint removed the WAL): not reported
      }
    }
  }
}
