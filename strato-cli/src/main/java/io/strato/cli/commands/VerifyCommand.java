package io.strato.cli.commands;

import io.strato.cli.ClasspathOption;
import io.strato.cli.Databases;
import io.strato.cli.Databases.AppDb;
import io.strato.cli.ExitCode;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import io.strato.cli.Table;
import io.strato.es.VerifyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code strato verify}: {@link io.strato.es.Operations#verify()}; exit code 1 when rows differ. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Replay into a scratch file and compare every model table with the live state, row by row "
        + "(runs the application's reducers). Exit code 1 when rows differ.")
public final class VerifyCommand extends StratoCommand {
  @Mixin
  private ClasspathOption classpath;

  @Mixin
  private JsonOption json;

  /** Creates the command (picocli does). */
  public VerifyCommand() {}

  @Override
  protected int run(Output out) throws Exception {
    try (AppDb app = Databases.openWithModels(common, classpath, true)) {
      VerifyReport r = app.es().operations().verify();
      if (json.on()) {
        List<Map<String, String>> diffs = new ArrayList<>();
        r.differences().forEach(d -> diffs.add(Map.of("model", d.model(), "id", d.id(), "kind", d.kind())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", r.version());
        m.put("clean", r.clean());
        m.put("differences", diffs);
        out.json(m);
      } else if (r.clean()) {
        out.println(out.green("clean") + ": every model table matches a replay at version " + r.version());
      } else {
        Table t = new Table("MODEL", "ID", "KIND");
        r.differences().forEach(d -> t.row(d.model(), d.id(), d.kind()));
        out.print(t.render());
        out.println(out.red(r.differences().size() + " row(s) differ") + " from a replay at version " + r.version());
      }
      return r.clean() ? ExitCode.OK : ExitCode.FAILURE;
    }
  }
}
