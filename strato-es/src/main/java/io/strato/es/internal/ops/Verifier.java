package io.strato.es.internal.ops;

import io.strato.es.EventSourcingDB;
import io.strato.es.Progress;
import io.strato.es.VerifyReport;
import io.strato.es.internal.processing.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * verify: replays into a scratch file, then, holding the write lock (so the live state cannot
 * move), catches the replay up to the live version and compares every model table row by row.
 */
final class Verifier {
  private Verifier() {}

  record Report(long version, List<VerifyReport.Difference> differences) implements VerifyReport {
    @Override
    public boolean clean() {
      return differences.isEmpty();
    }

    @Override
    public String toString() {
      return clean() ? "VerifyReport[clean at version " + version + "]"
          : "VerifyReport[version " + version + ", " + differences.size() + " differences: " + differences + "]";
    }
  }

  record Diff(String model, String id, String kind) implements VerifyReport.Difference {
    @Override
    public String toString() {
      return model + "/" + id + " " + kind;
    }
  }

  static VerifyReport verify(OpsContext c) {
    Path scratch = scratchFile(c, "verify");
    try (Replica r = Replayer.open(c, scratch)) {
      Replayer.catchUp(c, r, c.version(), Progress.NONE);
      return c.writeLocked("verify", () -> {
        long v = c.db().userVersion();
        Replayer.catchUp(c, r, v, Progress.NONE);
        List<VerifyReport.Difference> diffs = new ArrayList<>();
        for (Stage s : c.stages()) {
          compare(s, c, r.db(), diffs);
        }
        return new Report(v, List.copyOf(diffs));
      });
    } finally {
      Replayer.delete(scratch);
    }
  }

  private static void compare(Stage s, OpsContext c, EventSourcingDB r, List<VerifyReport.Difference> diffs) {
    String table = s.model().name();
    String idCol = s.model().idCol();
    Map<String, Long> live = TableDigest.of(c.db(), table, idCol);
    Map<String, Long> replay = TableDigest.of(r.db(), table, idCol);
    TreeSet<String> ids = new TreeSet<>(Comparator.naturalOrder());
    ids.addAll(live.keySet());
    ids.addAll(replay.keySet());
    for (String id : ids) {
      Long a = live.get(id);
      Long b = replay.get(id);
      if (a == null) {
        diffs.add(new Diff(s.name(), id, "missing"));
      } else if (b == null) {
        diffs.add(new Diff(s.name(), id, "extra"));
      } else if (!a.equals(b)) {
        diffs.add(new Diff(s.name(), id, "changed"));
      }
    }
  }

  /** A fresh scratch file name next to the live file (same disk), or in the temp dir for an in-memory DB. */
  static Path scratchFile(OpsContext c, String what) {
    try {
      Path dir = c.db().file().map(f -> f.toAbsolutePath().getParent()).orElse(null);
      Path tmp = dir == null ? Files.createTempFile("strato-" + what, ".db")
          : Files.createTempFile(dir, c.db().file().orElseThrow().getFileName() + "." + what + "-", ".db");
      Files.delete(tmp);
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException("EventSourcingDB '" + c.name() + "': cannot create a scratch file for " + what, e);
    }
  }
}
