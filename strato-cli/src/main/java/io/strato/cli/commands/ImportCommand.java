package io.strato.cli.commands;

import io.strato.cli.ClasspathOption;
import io.strato.cli.Databases;
import io.strato.cli.Databases.AppDb;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code strato import FILE}: {@link io.strato.es.Operations#importHistory}. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Append events from a JSON-lines file (as export writes it) with their versions; "
        + "they are processed by the next retry.")
public final class ImportCommand extends StratoCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The JSON-lines file.")
  private Path file;

  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public ImportCommand() {}

  @Override
  protected int run(Output out) throws Exception {
    if (!Files.isReadable(file)) {
      throw new io.strato.cli.CliException(io.strato.cli.ExitCode.FILE, "no such file: " + file);
    }
    try (AppDb app = Databases.openWithModels(common, new ClasspathOption(), false);
        InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      long n = app.es().operations().importHistory(in);
      long head = app.es().operations().status().head();
      out.result(json, "imported " + n + " event(s); log head now " + head + " (run strato retry to process them)",
          Output.doc("imported", n, "head", head));
      return 0;
    }
  }
}
