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
import picocli.CommandLine.Parameters;

/** {@code strato snapshot FILE}: {@link io.strato.es.Operations#snapshot(Path)}. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "A consistent online copy of the state file (VACUUM INTO), recorded for prune.")
public final class SnapshotCommand extends StratoCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "Where to write (must not exist).")
  private Path file;

  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public SnapshotCommand() {}

  @Override
  protected int run(Output out) throws Exception {
    Databases.checkNewFile(file);
    try (AppDb app = Databases.openWithModels(common, new ClasspathOption(), false)) {
      long v = app.es().operations().snapshot(file);
      out.result(json, "snapshot at version " + v + ": " + file,
          Output.doc("snapshot", file.toString(), "version", v, "bytes", java.nio.file.Files.size(file)));
      return 0;
    }
  }
}
