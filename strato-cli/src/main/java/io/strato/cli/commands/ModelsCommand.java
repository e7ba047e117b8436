package io.strato.cli.commands;

import io.strato.cli.Databases;
import io.strato.cli.JsonOption;
import io.strato.cli.Output;
import io.strato.cli.StratoCommand;
import io.strato.cli.Table;
import io.strato.db.DB;
import io.strato.db.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strato models}: the model tables of a file, from {@code sqlite_master} and {@code pragma table_info}. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "The model tables: rows, columns and indexes (read-only, no application code needed).")
public final class ModelsCommand extends StratoCommand {
  @Mixin
  private JsonOption json;

  @Option(names = "--all", description = "Also the queue's and the library's own tables.")
  private boolean all;

  /** Creates the command (picocli does). */
  public ModelsCommand() {}

  @Override
  protected int run(Output out) {
    try (DB db = Databases.openPlain(common)) {
      List<String> names = all ? allTables(db) : Databases.modelTables(db);
      List<Map<String, Object>> tables = new ArrayList<>();
      for (String name : names) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("rows", Databases.count(db, name));
        List<String> cols = new ArrayList<>();
        for (Row c : db.all("SELECT name, type FROM pragma_table_info(?) ORDER BY cid", name)) {
          cols.add(c.getString("name") + (c.getString("type").isEmpty() ? "" : " " + c.getString("type")));
        }
        t.put("columns", cols);
        List<String> idx = new ArrayList<>();
        for (Row r : db.all("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name", name)) {
          idx.add(r.getString("name"));
        }
        t.put("indexes", idx);
        tables.add(t);
      }
      if (json.on()) {
        out.json(Map.of("tables", tables));
        return 0;
      }
      Table t = new Table("TABLE", "ROWS", "COLUMNS", "INDEXES").rightAligned("ROWS");
      for (Map<String, Object> m : tables) {
        t.row(m.get("name"), m.get("rows"), String.join(", ", cast(m.get("columns"))),
            String.join(", ", cast(m.get("indexes"))));
      }
      out.print(t.size() == 0 ? "no model tables\n" : t.render());
      return 0;
    }
  }

  private static List<String> allTables(DB db) {
    List<String> names = new ArrayList<>();
    for (Row r : db.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      names.add(r.getString("name"));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static List<String> cast(Object o) {
    return (List<String>) o;
  }
}
