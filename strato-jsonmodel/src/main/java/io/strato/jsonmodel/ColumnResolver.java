package io.strato.jsonmodel;

import io.strato.db.Sql;
import io.strato.jsonmodel.internal.ExprTemplate;
import io.strato.jsonmodel.internal.JsonPaths;
import io.strato.jsonmodel.internal.ResolvedColumn;
import io.strato.jsonmodel.internal.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link ColumnDef}s into validated {@link ResolvedColumn}s: fills in defaults, has
 * {@link ColumnChecks} reject invalid combinations (naming the column), and builds each
 * column's SQL expression, alias and ({@link ColumnSearchSql}) search condition.
 * Package-private: it reads the definitions' {@link ColumnOptions} directly.
 */
final class ColumnResolver {
  static final String JSON_COL = "json";
  static final String ROWID_COL = "rowId";

  private final String model;
  private final String table;
  private final ColumnChecks checks;
  private final ColumnSearchSql search;
  private int nextAlias;

  ColumnResolver(String model, com.fasterxml.jackson.databind.ObjectMapper mapper) {
    this.model = model;
    this.table = Sql.quoteId(model);
    this.checks = new ColumnChecks(model);
    this.search = new ColumnSearchSql(model, mapper);
  }

  Map<String, ResolvedColumn> resolve(String idCol, Map<String, ColumnDef> defs) {
    ColumnDef idDef = defs.getOrDefault(idCol, ColumnDef.column());
    if (defs.containsKey(JSON_COL)) {
      throw checks.error(JSON_COL, "the name 'json' is reserved for the column holding the rest of the object");
    }
    if (ROWID_COL.equalsIgnoreCase(idCol) || defs.keySet().stream().anyMatch(ROWID_COL::equalsIgnoreCase)) {
      throw checks.error(ROWID_COL, "the name 'rowId' is reserved for the integer row key");
    }
    Map<String, ResolvedColumn> out = new LinkedHashMap<>();
    Map<String, String> aliases = reservedAliases(idCol, idDef, defs);
    out.put(idCol, resolveId(idCol, idDef.o));
    List<ResolvedColumn> jsonParents = new ArrayList<>();
    // JSON-typed real columns first, so virtual columns below them can find their parent.
    for (Map.Entry<String, ColumnDef> e : defs.entrySet()) {
      ColumnDef d = e.getValue();
      if (!e.getKey().equals(idCol) && d != null && d.o.type == ColumnType.JSON) {
        jsonParents.add(resolveOne(e.getKey(), d, jsonParents, aliases));
      }
    }
    Map<String, ResolvedColumn> byName = new HashMap<>();
    jsonParents.forEach(c -> byName.put(c.name(), c));
    for (Map.Entry<String, ColumnDef> e : defs.entrySet()) {
      String name = e.getKey();
      if (!name.equals(idCol)) {
        ResolvedColumn c = byName.get(name);
        out.put(name, c != null ? c : resolveOne(name, e.getValue(), jsonParents, aliases));
      }
    }
    ExprTemplate jsonExpr = ExprTemplate.column(JSON_COL);
    String json = jsonExpr.render(table);
    out.put(JSON_COL, ResolvedColumn.builder(JSON_COL).real(ColumnType.JSON).path("").expr(jsonExpr, table).alias("_j")
        .get(true).index(null, false, true).where((vals, v) -> json + " = ?", List::of, false).fixedCondition(true)
        .build());
    checkRealPaths(out);
    return out;
  }

  /**
   * The fixed and explicit aliases, reserved first so automatic "_<n>" aliases can avoid them
   * whatever the order of definition (a clash between explicit ones is an error).
   */
  private Map<String, String> reservedAliases(String idCol, ColumnDef idDef, Map<String, ColumnDef> defs) {
    Map<String, String> aliases = new HashMap<>();
    uniqueAlias(idCol, idDef.o.alias != null ? idDef.o.alias : "_i", aliases);
    uniqueAlias(JSON_COL, "_j", aliases);
    for (Map.Entry<String, ColumnDef> e : defs.entrySet()) {
      if (!e.getKey().equals(idCol) && e.getValue() != null && e.getValue().o.alias != null) {
        uniqueAlias(e.getKey(), e.getValue().o.alias, aliases);
      }
    }
    return aliases;
  }

  private ResolvedColumn resolveId(String idCol, ColumnOptions o) {
    ColumnType type = checks.checkId(idCol, o);
    ExprTemplate expr = ExprTemplate.column(idCol);
    String sql = expr.render(table);
    boolean slug = o.slugValue != null;
    return ResolvedColumn.builder(idCol).real(type).expr(expr, table).alias(o.alias != null ? o.alias : "_i").get(true)
        .index(IndexKind.ALL, true, false).autoIncrement(o.autoIncrement)
        .value(slug ? o.slugValue : o.value, slug)
        .where(search.where(idCol, o, sql, MatchMode.EQUALS), search.whereVal(o, MatchMode.EQUALS),
            ColumnSearchSql.custom(o))
        .fixedCondition(ColumnSearchSql.fixed(o, MatchMode.EQUALS)).build();
  }

  private ResolvedColumn resolveOne(String name, ColumnDef d, List<ResolvedColumn> jsonParents,
      Map<String, String> aliases) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("JsonModel '" + model + "': column names must be non-empty");
    }
    if (d == null) {
      throw checks.error(name, "the column definition is null");
    }
    ColumnOptions o = d.o;
    boolean real = o.type != null || Boolean.TRUE.equals(o.real);
    ColumnType type = o.type != null ? o.type : real ? (o.falsyBool ? ColumnType.INTEGER : ColumnType.BLOB) : null;
    boolean get = o.get != null ? o.get : real;
    String path = o.path != null ? o.path : name;
    List<String> parts = JsonPaths.split(path);
    if (parts.isEmpty() || parts.stream().anyMatch(String::isEmpty)) {
      throw checks.error(name, "invalid path '" + path + "'");
    }
    MatchMode mode = checks.matchMode(name, o);
    checks.check(name, o, real, type, get, mode);
    ExprTemplate expr = real ? ExprTemplate.column(name)
        : o.sql != null ? ExprTemplate.parse(o.sql, model) : virtualExpr(parts, jsonParents);
    if (o.defaultValue != null && o.sql != null) {
      expr = ExprTemplate.wrap("ifNull(", expr, ", " + Values.sqlLiteral(o.defaultValue) + ")");
    }
    String sql = expr.render(table);
    boolean slug = o.slugValue != null;
    String tokenizer = mode != MatchMode.FULL_TEXT ? null
        : o.tokenizer != null ? o.tokenizer : ColumnDef.FULL_TEXT_TOKENIZER;
    return ResolvedColumn.builder(name).real(type).path(path).expr(expr, table)
        .alias(o.alias != null ? o.alias : autoAlias(name, aliases)).get(get)
        .index(o.index, o.unique, ignoreNull(o)).defaultValue(o.defaultValue).required(o.required)
        .falsyBool(o.falsyBool).alwaysObject(o.alwaysObject).value(slug ? o.slugValue : o.value, slug)
        .convert(o.parse, o.stringify).match(mode, tokenizer)
        .where(search.where(name, o, sql, mode), search.whereVal(o, mode), ColumnSearchSql.custom(o))
        .fixedCondition(ColumnSearchSql.fixed(o, mode)).build();
  }

  /** Whether the index leaves NULLs out: as asked, else by kind (DEFAULT: sparse unless NULLs cannot occur). */
  private static boolean ignoreNull(ColumnOptions o) {
    if (o.ignoreNull != null) {
      return o.ignoreNull;
    }
    if (o.index == IndexKind.ALL || o.index == IndexKind.SPARSE) {
      return o.index == IndexKind.SPARSE;
    }
    return !(o.unique || o.defaultValue != null || o.required);
  }

  /** The first automatic alias ({@code _0}, {@code _1}, …) that is not taken yet. */
  private String autoAlias(String col, Map<String, String> aliases) {
    String alias;
    do {
      alias = "_" + nextAlias++;
    } while (aliases.containsKey(alias));
    aliases.put(alias, col);
    return alias;
  }

  /** {@code json_extract} of the path from the closest JSON-typed real column above it, else from json. */
  private ExprTemplate virtualExpr(List<String> parts, List<ResolvedColumn> jsonParents) {
    ResolvedColumn best = null;
    for (ResolvedColumn p : jsonParents) {
      if (p.parts().size() < parts.size() && parts.subList(0, p.parts().size()).equals(p.parts())
          && (best == null || p.parts().size() > best.parts().size())) {
        best = p;
      }
    }
    ExprTemplate base = best == null ? ExprTemplate.column(JSON_COL) : best.expr();
    List<String> rest = best == null ? parts : parts.subList(best.parts().size(), parts.size());
    return ExprTemplate.wrap("json_extract(", base, ", " + Values.sqlLiteral(JsonPaths.sqlPath(rest)) + ")");
  }

  private void uniqueAlias(String col, String alias, Map<String, String> aliases) {
    String prev = aliases.putIfAbsent(alias, col);
    if (prev != null) {
      throw checks.error(col, "alias '" + alias + "' is already used by column '" + prev + "'");
    }
  }

  private void checkRealPaths(Map<String, ResolvedColumn> cols) {
    Map<String, String> seen = new HashMap<>();
    for (ResolvedColumn c : cols.values()) {
      if (c.real() && !c.path().isEmpty()) {
        String prev = seen.putIfAbsent(c.path(), c.name());
        if (prev != null) {
          throw checks.error(c.name(), "path '" + c.path() + "' is already stored by real column '" + prev + "'");
        }
      }
    }
  }
}
