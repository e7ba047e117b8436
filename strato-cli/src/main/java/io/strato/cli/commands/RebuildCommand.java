package io.strato.cli.commands;

import io.strato.cli.ClasspathOption;
import io.strato.cli.Databases;
import io.strato.cli.Databases.AppDb;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code strato rebuild [models]}: {@link io.strato.es.Operations#rebuild(java.util.Collection, io.strato.es.Progress)}. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = "Rebuild model tables from the whole history through the application's current code, "
        + "swapped in with one transaction. Without names: every model.")
public final class RebuildCommand extends StratoCommand {
  @Mixin
  private ClasspathOption classpath;

  @Parameters(arity = "0..*", paramLabel = "MODEL", description = "The models to rebuild (default: all).")
  private List<String> models = new ArrayList<>();

  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public RebuildCommand() {}

  @Override
  protected int run(Output out) throws Exception {
    try (AppDb app = Databases.openWithModels(common, classpath, true)) {
      List<String> names = models.isEmpty() ? Databases.modelTables(app.es().db()) : models;
      app.es().operations().rebuild(names, out.progress("rebuilding"));
      long version = app.es().operations().status().version();
      out.result(json, "rebuilt " + String.join(", ", names) + " at version " + version,
          Output.doc("rebuilt", names, "version", version));
      return 0;
    }
  }
}
