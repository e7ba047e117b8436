package io.strato.cli.commands;

import io.strato.cli.ClasspathOption;
import io.strato.cli.Databases;
import io.strato.cli.Databases.AppDb;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strato replay --into FILE}: {@link io.strato.es.Operations#replayInto(Path, io.strato.es.Progress)}. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay the whole history through the application's current code into a fresh file "
        + "(the live file is not touched).")
public final class ReplayCommand extends StratoCommand {
  @Mixin
  private ClasspathOption classpath;

  @Option(names = "--into", required = true, paramLabel = "FILE", description = "The new file (must not exist).")
  private Path into;

  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public ReplayCommand() {}

  @Override
  protected int run(Output out) throws Exception {
    Databases.checkNewFile(into);
    try (AppDb app = Databases.openWithModels(common, classpath, true)) {
      app.es().operations().replayInto(into, out.progress("replaying"));
      long version = app.es().operations().status().version();
      out.result(json, "replayed into " + into + " at version " + version,
          Output.doc("replayedInto", into.toString(), "version", version));
      return 0;
    }
  }
}
