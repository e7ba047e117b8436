package io.strato.cli.commands;

import io.strato.cli.Databases;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import io.strato.es.EventSourcingDB;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code strato export [FILE]}: {@link io.strato.es.Operations#exportHistory} (stdout without FILE). */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write the whole history as JSON lines to FILE, or to stdout (read-only).")
public final class ExportCommand extends StratoCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Where to write (must not exist); default stdout.")
  private Path file;

  /** Creates the command (picocli does). */
  public ExportCommand() {}

  @Override
  protected int run(Output out) throws Exception {
    if (file != null) {
      Databases.checkNewFile(file);
    }
    try (EventSourcingDB es = Databases.openReadOnly(common)) {
      if (file == null) {
        OutputStream stdout = out.stream();
        es.operations().exportHistory(stdout);
        stdout.flush();
        return 0;
      }
      long n;
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file))) {
        n = es.operations().exportHistory(os);
      }
      out.note("exported " + n + " event(s) to " + file);
      return 0;
    }
  }
}
