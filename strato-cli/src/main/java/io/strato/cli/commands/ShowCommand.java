package io.strato.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.cli.CliException;
import io.strato.cli.Databases;
import io.strato.cli.Events;
import io.strato.cli.ExitCode;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import io.strato.es.EventSourcingDB;
import io.strato.es.HistoryFilter;
import io.strato.queue.Event;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strato show <v>}: one event with its data, result per model, sub-events and errors. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "One event: data, result per model, sub-events as a tree, error per phase and model (read-only).")
public final class ShowCommand extends StratoCommand {
  @Mixin
  private JsonOption json;

  @Parameters(index = "0", paramLabel = "V", description = "The event's version.")
  private long v;

  @Option(names = "--full", description = "Print whole error texts (stack traces included), not their first line.")
  private boolean full;

  /** Creates the command (picocli does). */
  public ShowCommand() {}

  @Override
  protected int run(Output out) {
    if (v < 1) {
      throw new CliException(ExitCode.FAILURE, "bad version " + v + ": versions start at 1");
    }
    try (EventSourcingDB es = Databases.openReadOnly(common)) {
      long version = es.operations().status().version();
      List<Event> found = es.operations().history(HistoryFilter.all().fromV(v).toV(v).limit(1));
      if (found.isEmpty()) {
        throw new CliException(ExitCode.FAILURE, "no event " + v + " in the log (head " + es.operations().status().head()
            + ", pruned events are not in it)");
      }
      Event e = found.get(0);
      if (json.on()) {
        out.json(Map.of("version", version, "state", Events.state(e, version), "event", e));
        return 0;
      }
      out.println(out.bold("event " + e.v()) + "  " + e.type() + "  " + Events.time(e) + "  " + Events.state(e, version));
      out.println("data:");
      out.println(indent(pretty(e.data()), "  "));
      section(out, "result", e.result(), false);
      section(out, "failed result", e.failedResult(), false);
      section(out, "error", e.error(), true);
      if (e.events() != null) {
        out.println("sub-events:");
        tree(out, e.events(), "  ");
      }
      return 0;
    }
  }

  private void section(Output out, String title, JsonNode node, boolean error) {
    if (node == null || node.isNull() || node.isEmpty()) {
      return;
    }
    out.println(title + ":");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> f = it.next();
      String text = f.getValue().isTextual() ? f.getValue().asText() : pretty(f.getValue());
      if (error && !full) {
        text = text.lines().findFirst().orElse("");
      }
      String line = text.contains("\n") ? "  " + f.getKey() + ":\n" + indent(text, "    ") : "  " + f.getKey() + ": " + text;
      out.println(error ? out.red(line) : line);
    }
  }

  private static void tree(Output out, List<Event> events, String prefix) {
    for (int i = 0; i < events.size(); i++) {
      Event s = events.get(i);
      boolean last = i == events.size() - 1;
      out.println(prefix + (last ? "└─ " : "├─ ") + s.type() + "  " + compact(s.data()) + "  -> " + Events.detail(s));
      if (s.events() != null) {
        tree(out, s.events(), prefix + (last ? "   " : "│  "));
      }
    }
  }

  private static String compact(JsonNode n) {
    return n == null ? "-" : n.toString();
  }

  private static String pretty(JsonNode n) {
    return n == null ? "null" : n.toPrettyString();
  }

  private static String indent(String text, String prefix) {
    return text.lines().map(l -> prefix + l).reduce((a, b) -> a + "\n" + b).orElse(prefix);
  }
}
