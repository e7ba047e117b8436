package io.strato.cli.commands;

import io.strato.cli.ClasspathOption;
import io.strato.cli.Databases;
import io.strato.cli.Databases.AppDb;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import io.strato.es.Status;
import io.strato.queue.Event;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strato retry}: {@link io.strato.es.Operations#retry()} with the application's models. */
@Command(name = "retry", mixinStandardHelpOptions = true,
    description = "Process what is queued now, retrying a failed event at once (runs the application's reducers).")
public final class RetryCommand extends StratoCommand {
  @Mixin
  private ClasspathOption classpath;

  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public RetryCommand() {}

  @Override
  protected int run(Output out) throws Exception {
    try (AppDb app = Databases.openWithModels(common, classpath, true)) {
      long before = app.es().operations().status().version();
      Event last = app.es().operations().retry();
      Status s = app.es().operations().status();
      if (s.halted()) {
        Event f = s.failing().orElseThrow();
        out.result(json, out.red("still failing at event " + f.v() + " (" + f.type() + ")") + ": "
            + io.strato.es.EventFailedException.summary(f),
            Output.doc("version", s.version(), "head", s.head(), "halted", true, "failing", f, "errors", s.errors()));
        return 1;
      }
      boolean moved = last != null && s.version() != before;
      out.result(json, moved ? "processed up to version " + s.version() + " (last: " + last.v() + " " + last.type() + ")"
          : "nothing to process; version " + s.version(),
          Output.doc("version", s.version(), "head", s.head(), "halted", false, "processed", s.version() - before,
              "last", moved ? last : null));
      return 0;
    }
  }
}
