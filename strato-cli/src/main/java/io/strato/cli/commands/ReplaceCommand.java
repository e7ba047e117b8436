package io.strato.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cli.ClasspathOption;
import io.strato.cli.CliException;
import io.strato.cli.Databases;
import io.strato.cli.Databases.AppDb;
import io.strato.cli.ExitCode;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import io.strato.queue.Event;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strato replace <v> --type T --data JSON}: {@link io.strato.es.Operations#replace}. */
@Command(name = "replace", mixinStandardHelpOptions = true,
    description = "Rewrite an unprocessed (failed) event's type and data, then process it (runs the application's reducers).")
public final class ReplaceCommand extends StratoCommand {
  @Mixin
  private ClasspathOption classpath;

  @Parameters(index = "0", paramLabel = "V", description = "The event's version (not processed yet).")
  private long v;

  @Option(names = "--type", required = true, description = "The new type.")
  private String type;

  @Option(names = "--data", defaultValue = "null", paramLabel = "JSON", description = "The new data as JSON (default: null).")
  private String data;

  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public ReplaceCommand() {}

  @Override
  protected int run(Output out) throws Exception {
    JsonNode node;
    try {
      node = new ObjectMapper().readTree(data);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException(ExitCode.USAGE, "--data is not JSON: " + e.getOriginalMessage());
    }
    try (AppDb app = Databases.openWithModels(common, classpath, true)) {
      Event e = app.es().operations().replace(v, type, node.isNull() ? null : node);
      out.result(json, "replaced and processed event " + e.v() + " (" + e.type() + ")",
          Output.doc("replaced", e.v(), "event", e, "version", app.es().operations().status().version()));
      return 0;
    }
  }
}
