package io.strato.cli.commands;

import io.strato.cli.Databases;
import io.strato.cli.Events;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import io.strato.cli.Table;
import io.strato.es.EventFailedException;
import io.strato.es.EventSourcingDB;
import io.strato.es.Status;
import io.strato.queue.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strato status}: {@link io.strato.es.Operations#status()}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Where the file stands: version, log head, lag, the failing event, rows, file sizes (read-only).")
public final class StatusCommand extends StratoCommand {
  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public StatusCommand() {}

  @Override
  protected int run(Output out) {
    try (EventSourcingDB es = Databases.openReadOnly(common)) {
      Status s = es.operations().status();
      // opened without the application's models, the status has no rows: count the model tables
      Map<String, Long> rows = s.rows().isEmpty() ? Databases.rowCounts(es.db()) : new TreeMap<>(s.rows());
      if (json.on()) {
        out.json(toJson(s, rows));
        return 0;
      }
      out.println("version   " + s.version());
      out.println("head      " + s.head());
      out.println("lag       " + s.lag());
      if (s.failing().isPresent()) {
        Event f = s.failing().get();
        out.println("state     " + out.red("HALTED at event " + f.v() + " (" + f.type() + ", " + Events.time(f) + ")"));
        out.println("error     " + EventFailedException.summary(f));
        if (s.attempts() > 0 || s.stopped()) { // counted by the process that runs the reducers
          out.println("attempts  " + retries(s));
        }
        out.println("           repair: strato show " + f.v() + ", then strato retry | replace " + f.v()
            + " | skip " + f.v());
      } else {
        out.println("state     " + out.green(s.lag() == 0 ? "up to date" : "ok, " + s.lag() + " pending"));
      }
      if (!rows.isEmpty()) {
        Table t = new Table("MODEL", "ROWS").rightAligned("ROWS");
        rows.forEach(t::row);
        out.println("");
        out.print(t.render());
      }
      Table files = new Table("FILE", "BYTES").rightAligned("BYTES");
      new TreeMap<>(s.fileSizes()).forEach(files::row);
      out.println("");
      out.print(files.render());
      return 0;
    }
  }

  /** Attempts in this process and what happens next, for people. */
  static String retries(Status s) {
    if (s.stopped()) {
      return s.attempts() + ", retries ran out: waits for strato retry (or a dispatch)";
    }
    if (s.nextRetry().isPresent()) {
      return s.attempts() + ", next retry in " + s.nextRetry().get().toMillis() + " ms";
    }
    return String.valueOf(s.attempts());
  }

  private static Map<String, Object> toJson(Status s, Map<String, Long> rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", s.version());
    m.put("head", s.head());
    m.put("lag", s.lag());
    m.put("halted", s.halted());
    m.put("failing", s.failing().orElse(null));
    m.put("errors", new TreeMap<>(s.errors()));
    m.put("attempts", s.attempts());
    m.put("nextRetryMs", s.nextRetry().map(d -> d.toMillis()).orElse(null));
    m.put("stopped", s.stopped());
    m.put("rows", rows);
    m.put("fileSizes", new TreeMap<>(s.fileSizes()));
    return m;
  }
}
