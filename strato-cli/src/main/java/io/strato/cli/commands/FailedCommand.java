package io.strato.cli.commands;

import io.strato.cli.Databases;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import io.strato.es.EventSourcingDB;
import io.strato.es.HistoryFilter;
import io.strato.queue.Event;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strato failed}: the failed events ({@code history --failed}). */
@Command(name = "failed", mixinStandardHelpOptions = true,
    description = "The failed events, with their error per phase and model (read-only).")
public final class FailedCommand extends StratoCommand {
  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public FailedCommand() {}

  @Override
  protected int run(Output out) {
    try (EventSourcingDB es = Databases.openReadOnly(common)) {
      long version = es.operations().status().version();
      List<Event> page = es.operations().history(HistoryFilter.all().failedOnly().limit(HistoryFilter.MAX_LIMIT));
      if (page.isEmpty() && !json.on()) {
        out.println("no failed events");
        return 0;
      }
      HistoryCommand.print(out, page, version, null, json.on());
      return 0;
    }
  }
}
