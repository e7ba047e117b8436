package io.strato.cli.commands;

import io.strato.cli.Databases;
import io.strato.cli.Events;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import io.strato.cli.Table;
import io.strato.es.EventSourcingDB;
import io.strato.es.HistoryFilter;
import io.strato.queue.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strato history}: one page of {@link io.strato.es.Operations#history}. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "One page of the history, in version order, with filters (read-only).")
public final class HistoryCommand extends StratoCommand {
  @Mixin
  private JsonOption json;

  @Option(names = "--type", description = "Only events of this type.")
  private String type;

  @Option(names = "--from", paramLabel = "V", description = "Only versions at or above V.")
  private Long from;

  @Option(names = "--to", paramLabel = "V", description = "Only versions at or below V.")
  private Long to;

  @Option(names = "--since", paramLabel = "TIME", description = "Only events at or after TIME (ISO, e.g. 2026-01-01T00:00:00Z).")
  private Instant since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only events before TIME (ISO).")
  private Instant until;

  @Option(names = "--failed", description = "Only failed events.")
  private boolean failed;

  @Option(names = "--skipped", description = "Only skipped events.")
  private boolean skipped;

  @Option(names = "--limit", defaultValue = "100", description = "At most this many events (1..10000, default ${DEFAULT-VALUE}).")
  private int limit;

  /** Creates the command (picocli does). */
  public HistoryCommand() {}

  @Override
  protected int run(Output out) {
    HistoryFilter f = HistoryFilter.all().limit(limit);
    f = type != null ? f.type(type) : f;
    f = from != null ? f.fromV(from) : f;
    f = to != null ? f.toV(to) : f;
    f = since != null ? f.since(since) : f;
    f = until != null ? f.until(until) : f;
    f = failed ? f.failedOnly() : f;
    f = skipped ? f.skippedOnly() : f;
    try (EventSourcingDB es = Databases.openReadOnly(common)) {
      long version = es.operations().status().version();
      List<Event> page = es.operations().history(f);
      Long next = page.size() == limit ? page.get(page.size() - 1).v() + 1 : null;
      print(out, page, version, next, json.on());
      return 0;
    }
  }

  /**
   * Prints a page of events as a table or JSON ({@code {"version":…,"events":[…],"next":…}}).
   *
   * @param out where
   * @param page the events
   * @param version the state's version
   * @param next the version to page on from, or null when this is the last page
   * @param asJson whether JSON
   */
  static void print(Output out, List<Event> page, long version, Long next, boolean asJson) {
    if (asJson) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", version);
      m.put("events", page);
      m.put("next", next);
      out.json(m);
      return;
    }
    Table t = new Table("V", "TIME", "TYPE", "STATE", "DETAIL").rightAligned("V");
    for (Event e : page) {
      String state = Events.state(e, version);
      t.row(e.v(), Events.time(e), e.type(), colour(out, state), Events.detail(e));
    }
    if (t.size() == 0) {
      out.println("no events");
      return;
    }
    out.print(t.render());
    if (next != null) {
      out.println("(more: --from " + next + ")");
    }
  }

  private static String colour(Output out, String state) {
    return switch (state) {
      case "failed" -> out.red(state);
      case "skipped", "pending", "rejected" -> out.yellow(state);
      default -> state;
    };
  }
}
