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

/** {@code strato prune --before V --archive FILE}: {@link io.strato.es.Operations#prune(long, Path)}. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Move processed events below V into a gzipped JSON-lines archive; needs a snapshot at or above V.")
public final class PruneCommand extends StratoCommand {
  @Option(names = "--before", required = true, paramLabel = "V", description = "Events with v < V leave the log.")
  private long before;

  @Option(names = "--archive", required = true, paramLabel = "FILE", description = "The archive to write (must not exist).")
  private Path archive;

  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public PruneCommand() {}

  @Override
  protected int run(Output out) throws Exception {
    Databases.checkNewFile(archive);
    try (AppDb app = Databases.openWithModels(common, new ClasspathOption(), false)) {
      long n = app.es().operations().prune(before, archive);
      out.result(json, "pruned " + n + " event(s) below version " + before + " into " + archive,
          Output.doc("pruned", n, "before", before, "archive", archive.toString()));
      return 0;
    }
  }
}
