package io.strato.queue.internal;

import static io.strato.jsonmodel.ColumnDef.column;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.strato.db.Sql;
import io.strato.jsonmodel.ColumnDef;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.ModelConfig;
import io.strato.queue.QueueConfig;
import io.strato.queue.SubEventStorage;
import java.util.Map;

/**
 * Builds the {@link ModelConfig} of the event table from a {@link QueueConfig}: the table of
 * event documents that {@code EventQueue} keeps (and converts to {@code Event}s itself).
 */
public final class QueueSchema {
  /**
   * The queue's mapper. Unlike JsonModel's default it keeps null properties inside event data
   * (an event log must store the payload as given); the {@code Event} record itself still
   * leaves out its null fields ({@code @JsonInclude(NON_NULL)}).
   */
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private QueueSchema() {}

  /**
   * The model config: id {@code v} (INTEGER AUTOINCREMENT), {@code type}, indexed {@code ts},
   * JSON {@code data} and {@code result}, {@code size}, plus the extra columns and migrations.
   *
   * @param cfg the queue settings
   * @return the model config
   */
  public static ModelConfig<ObjectNode> modelConfig(QueueConfig cfg) {
    String table = cfg.name();
    ModelConfig.Builder<ObjectNode> b = ModelConfig.builder(table)
        .objectMapper(MAPPER)
        .idCol("v")
        .column("v", column().type(ColumnType.INTEGER).autoIncrement())
        .column("type", column().type(ColumnType.TEXT))
        .column("ts", column().type(ColumnType.INTEGER).index(IndexKind.ALL).value(o -> {
          long ts = o.path("ts").asLong(0);
          return ts > 0 ? ts : System.currentTimeMillis();
        }))
        .column("data", column().type(ColumnType.JSON))
        .column("result", column().type(ColumnType.JSON))
        .column("size", column().type(ColumnType.INTEGER).defaultValue(0).get(false));
    if (cfg.subEvents() != SubEventStorage.JSON) {
      // A plain JSON column in both layouts, so generic reads and writes (set, get, search) use
      // it as upstream's queue model does; only storeProcessed, upstream's result writer,
      // differs by layout (see EventWrites).
      b.column(QueueConfig.EVENTS_COLUMN, column().type(ColumnType.JSON));
    }
    for (Map.Entry<String, ColumnDef> e : cfg.columns().entrySet()) {
      b.column(e.getKey(), e.getValue());
    }
    b.migration("addTypeSizeIndex", ctx -> ctx.db().exec(
        "CREATE INDEX IF NOT EXISTS " + Sql.quoteId(table + " type,size") + " ON " + Sql.quoteId(table) + "(type, size)"));
    if (cfg.withViews()) {
      b.migration("20190521_addViews", ctx -> ctx.db().exec(viewsSql(table)));
    }
    return b.build();
  }

  /**
   * The triggers keeping {@code size} up to date and the two helper views. The size condition
   * in the update trigger stops the trigger from firing itself again.
   */
  static String viewsSql(String table) {
    String t = Sql.quoteId(table);
    String size = "ifNull(length(new.json),0)+ifNull(length(new.data),0)+ifNull(length(new.result),0)";
    return String.join("\n",
        "DROP TRIGGER IF EXISTS " + Sql.quoteId(table + " size insert") + ";",
        "DROP TRIGGER IF EXISTS " + Sql.quoteId(table + " size update") + ";",
        "CREATE TRIGGER " + Sql.quoteId(table + " size insert") + " AFTER INSERT ON " + t + " BEGIN",
        "  UPDATE " + t + " SET size=" + size + " WHERE v=new.v;",
        "END;",
        "CREATE TRIGGER " + Sql.quoteId(table + " size update") + " AFTER UPDATE ON " + t + " BEGIN",
        "  UPDATE " + t + " SET size=" + size + " WHERE v=new.v AND size!=" + size + ";",
        "END;",
        "DROP VIEW IF EXISTS _recentHistory;",
        "DROP VIEW IF EXISTS _historyTypes;",
        "CREATE VIEW _recentHistory AS SELECT datetime(ts/1000, 'unixepoch', 'localtime') AS t, * FROM " + t
            + " ORDER BY v DESC LIMIT 1000;",
        "CREATE VIEW _historyTypes AS SELECT type, COUNT(*) AS count, SUM(size)/1024/1024 AS MB FROM " + t
            + " GROUP BY type ORDER BY count DESC;",
        "UPDATE " + t + " SET size=0;");
  }
}
