package io.strato.cli.commands;

import io.strato.cli.ClasspathOption;
import io.strato.cli.Databases;
import io.strato.cli.Databases.AppDb;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import io.strato.queue.Event;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strato skip <v> --reason R}: {@link io.strato.es.Operations#skip}. */
@Command(name = "skip", mixinStandardHelpOptions = true,
    description = "Mark the failing (next due) event skipped with a reason; processing then goes on with the "
        + "application's reducers.")
public final class SkipCommand extends StratoCommand {
  @Mixin
  private ClasspathOption classpath;

  @Parameters(index = "0", paramLabel = "V", description = "The event's version: the state's version + 1.")
  private long v;

  @Option(names = "--reason", required = true, description = "Why (kept on the event).")
  private String reason;

  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public SkipCommand() {}

  @Override
  protected int run(Output out) throws Exception {
    try (AppDb app = Databases.openWithModels(common, classpath, true)) {
      Event e = app.es().operations().skip(v, reason);
      long version = app.es().operations().status().version();
      out.result(json, "skipped event " + e.v() + " (" + e.type() + "): " + reason + "\nversion now " + version,
          Output.doc("skipped", e.v(), "type", e.type(), "reason", reason, "version", version));
      return 0;
    }
  }
}
