package io.strato.jsonmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.db.Sql;
import io.strato.jsonmodel.Column.ArrayMode;
import io.strato.jsonmodel.internal.FullTextSql;
import io.strato.jsonmodel.internal.JsonPaths;
import io.strato.jsonmodel.internal.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns {@link ColumnDef}s into validated {@link Column}s: fills in defaults, rejects invalid
 * combinations (naming the column), and builds each column's SQL expression and search
 * condition. Package-private: it reads ColumnDef's fields directly.
 */
final class ColumnResolver {
  static final String JSON_COL = "json";
  static final String ROWID_COL = "rowId";

  private final String model;
  private final String table;
  private final ObjectMapper mapper;
  private int nextAlias;

  ColumnResolver(String model, ObjectMapper mapper) {
    this.model = model;
    this.table = Sql.quoteId(model);
    this.mapper = mapper;
  }

  Map<String, Column> resolve(String idCol, Map<String, ColumnDef> defs) {
    ColumnDef idDef = defs.getOrDefault(idCol, ColumnDef.column());
    if (defs.containsKey(JSON_COL)) {
      throw error(JSON_COL, "the name 'json' is reserved for the column holding the rest of the object");
    }
    if (ROWID_COL.equalsIgnoreCase(idCol) || defs.keySet().stream().anyMatch(ROWID_COL::equalsIgnoreCase)) {
      throw error(ROWID_COL, "the name 'rowId' is reserved for the integer row key");
    }
    Map<String, Column> out = new LinkedHashMap<>();
    // Reserve the fixed and explicit aliases first, so automatic "_<n>" aliases can avoid
    // them whatever the order of definition (a clash between explicit ones is an error).
    Map<String, String> aliases = new HashMap<>();
    uniqueAlias(idCol, idDef.alias != null ? idDef.alias : "_i", aliases);
    uniqueAlias(JSON_COL, "_j", aliases);
    for (Map.Entry<String, ColumnDef> e : defs.entrySet()) {
      if (!e.getKey().equals(idCol) && e.getValue() != null && e.getValue().alias != null) {
        uniqueAlias(e.getKey(), e.getValue().alias, aliases);
      }
    }
    out.put(idCol, resolveId(idCol, idDef, aliases));
    List<Column> jsonParents = new ArrayList<>();
    // JSON-typed real columns first, so virtual columns below them can find their parent.
    for (Map.Entry<String, ColumnDef> e : defs.entrySet()) {
      ColumnDef d = e.getValue();
      if (!e.getKey().equals(idCol) && d != null && d.type == ColumnType.JSON) {
        jsonParents.add(resolveOne(e.getKey(), d, jsonParents, aliases));
      }
    }
    Map<String, Column> byName = new HashMap<>();
    jsonParents.forEach(c -> byName.put(c.name(), c));
    for (Map.Entry<String, ColumnDef> e : defs.entrySet()) {
      String name = e.getKey();
      if (name.equals(idCol)) {
        continue;
      }
      Column c = byName.containsKey(name) ? byName.get(name)
          : resolveOne(name, e.getValue(), jsonParents, aliases);
      out.put(name, c);
    }
    out.put(JSON_COL, new Column(JSON_COL, true, ColumnType.JSON, "", List.of(), table + ".\"json\"",
        "_j", true, null, false, true, null, false, false, false,
        ArrayMode.NONE, false, false, null, false, null, null, (vals, v) -> table + ".\"json\" = ?",
        v -> List.of(v), false, null));
    checkRealPaths(out);
    return out;
  }

  private Column resolveId(String idCol, ColumnDef d, Map<String, String> aliases) {
    if (d.typeNull) {
      throw error(idCol, "type must not be null (leave it out for the default TEXT)");
    }
    if (d.fullText != null) {
      throw error(idCol, "the id column cannot be fullText");
    }
    ColumnType type = d.type == null ? ColumnType.TEXT : d.type;
    if (type != ColumnType.TEXT && type != ColumnType.INTEGER) {
      throw error(idCol, "the id column must be TEXT or INTEGER, not " + type);
    }
    if (d.autoIncrement && type != ColumnType.INTEGER) {
      throw error(idCol, "autoIncrement is only for an INTEGER id column");
    }
    if (d.path != null && !d.path.equals(idCol)) {
      throw error(idCol, "the id column cannot have a path");
    }
    if (d.sql != null || d.falsyBool || d.isArray || d.in || d.inAll || d.isAnyOfArray || d.textSearch
        || d.stringify != null || d.parse != null || d.alwaysObject || Boolean.FALSE.equals(d.real)
        || Boolean.FALSE.equals(d.get) || d.defaultValue != null) {
      throw error(idCol, "the id column takes only type, autoIncrement, value, slugValue, alias and index options");
    }
    if (d.value != null && d.slugValue != null) {
      throw error(idCol, "value and slugValue cannot both be set");
    }
    String sql = table + "." + Sql.quoteId(idCol);
    String alias = d.alias != null ? d.alias : "_i";
    boolean slug = d.slugValue != null;
    return new Column(idCol, true, type, idCol, List.of(idCol), sql, alias, true, IndexKind.ALL, true, false,
        null, false, false, false, ArrayMode.NONE, false, d.autoIncrement, slug ? d.slugValue : d.value, slug,
        null, null, whereFor(idCol, d, sql, ArrayMode.NONE), whereValFor(d, ArrayMode.NONE), customWhere(d), null);
  }

  private Column resolveOne(String name, ColumnDef d, List<Column> jsonParents, Map<String, String> aliases) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("JsonModel '" + model + "': column names must be non-empty");
    }
    if (d == null) {
      throw error(name, "the column definition is null");
    }
    boolean real = d.type != null || Boolean.TRUE.equals(d.real);
    ColumnType type = d.type != null ? d.type : real ? (d.falsyBool ? ColumnType.INTEGER : ColumnType.BLOB) : null;
    boolean get = d.get != null ? d.get : real;
    String path = d.path != null ? d.path : name;
    List<String> parts = JsonPaths.split(path);
    if (parts.isEmpty() || parts.stream().anyMatch(String::isEmpty)) {
      throw error(name, "invalid path '" + path + "'");
    }
    validate(name, d, real, type, get);
    ArrayMode mode = arrayMode(d);
    String sql;
    if (real) {
      sql = table + "." + Sql.quoteId(name);
    } else if (d.sql != null) {
      sql = d.sql;
    } else {
      sql = virtualSql(parts, jsonParents);
    }
    if (d.defaultValue != null && d.sql != null) {
      sql = "ifNull(" + sql + ", " + Values.sqlLiteral(d.defaultValue) + ")";
    }
    boolean ignoreNull;
    if (d.ignoreNull != null) {
      ignoreNull = d.ignoreNull;
    } else if (d.index == IndexKind.ALL) {
      ignoreNull = false;
    } else if (d.index == IndexKind.SPARSE) {
      ignoreNull = true;
    } else {
      ignoreNull = !(d.unique || d.defaultValue != null || d.required);
    }
    String alias = d.alias != null ? d.alias : autoAlias(name, aliases);
    boolean slug = d.slugValue != null;
    return new Column(name, real, type, path, parts, sql, alias, get, d.index, d.unique, ignoreNull,
        d.defaultValue, d.required, d.falsyBool, d.alwaysObject, mode, d.textSearch, false,
        slug ? d.slugValue : d.value, slug, d.parse, d.stringify, whereFor(name, d, sql, mode),
        whereValFor(d, mode), customWhere(d), d.fullText);
  }

  /**
   * A custom where function, whereVal or stringify decides itself what search values mean
   * (lists included: a stringify column may store a list as text).
   */
  private static boolean customWhere(ColumnDef d) {
    return d.whereFn != null || d.whereVal != null || d.stringify != null;
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

  private void validate(String name, ColumnDef d, boolean real, ColumnType type, boolean get) {
    if (d.typeNull) {
      throw error(name, "type must not be null (use real() for a BLOB column, or leave both out for a virtual one)");
    }
    if (d.fullText != null) {
      validateFullText(name, d, real, type);
    }
    if (d.unique && d.index == null) {
      throw error(name, "unique requires index");
    }
    if (d.autoIncrement) {
      throw error(name, "autoIncrement is only for an INTEGER id column");
    }
    if (d.value != null && d.slugValue != null) {
      throw error(name, "value and slugValue cannot both be set");
    }
    if (d.slugValue != null && d.index == null) {
      throw error(name, "slugValue requires index");
    }
    if (!real && d.stringify != null) {
      throw error(name, "stringify only applies to real columns");
    }
    if (!get && d.parse != null) {
      throw error(name, "parse only applies to columns with get(true)");
    }
    if (real && d.sql != null) {
      throw error(name, "sql only applies to virtual columns");
    }
    if (d.falsyBool && real && d.parse != null) {
      throw error(name, "falsyBool cannot have parse");
    }
    if (d.alwaysObject && type != ColumnType.JSON) {
      throw error(name, "alwaysObject only applies to JSON columns");
    }
    boolean anyArray = d.isArray || d.inAll || d.isAnyOfArray;
    if (anyArray && (d.whereSql != null || d.whereFn != null)) {
      throw error(name, "isArray/inAll/isAnyOfArray cannot be combined with where");
    }
    if (d.inAll && !(d.isArray || d.isAnyOfArray)) {
      throw error(name, "inAll requires isArray");
    }
    if (d.inAll && (d.isAnyOfArray || d.in)) {
      throw error(name, "inAll cannot be combined with in/isAnyOfArray");
    }
    if (d.textSearch && (anyArray || d.in || d.falsyBool)) {
      throw error(name, "textSearch cannot be combined with in/isArray/falsyBool");
    }
    if (d.falsyBool && (anyArray || d.in)) {
      throw error(name, "falsyBool cannot be combined with in/isArray");
    }
    if (d.whereSql != null && d.whereFn != null) {
      throw error(name, "where is given twice (as SQL and as a function)");
    }
    if (d.whereSql != null && d.whereSql.isBlank()) {
      throw error(name, "where must be non-empty SQL");
    }
    if (d.sql != null && d.sql.isBlank()) {
      throw error(name, "sql must be a non-empty expression");
    }
    if (d.defaultValue != null && !Values.isStorable(d.defaultValue)) {
      throw error(name, "default must be a String, Number, Boolean or JsonNode, not "
          + d.defaultValue.getClass().getName());
    }
  }

  private void validateFullText(String name, ColumnDef d, boolean real, ColumnType type) {
    if (real && type != ColumnType.TEXT) {
      throw error(name, "a real fullText column must have type TEXT, not " + type);
    }
    if (d.sql != null || d.whereSql != null || d.whereFn != null || d.whereVal != null || d.textSearch
        || d.falsyBool || d.isArray || d.in || d.inAll || d.isAnyOfArray || d.stringify != null) {
      throw error(name, "fullText cannot be combined with sql, where, whereVal, stringify, textSearch, falsyBool, "
          + "in, isArray, inAll or isAnyOfArray");
    }
    if (d.fullText.indexOf('\0') >= 0) {
      throw error(name, "the fullText tokenizer must not contain NUL");
    }
  }

  private static ArrayMode arrayMode(ColumnDef d) {
    if (d.inAll) {
      return ArrayMode.IN_ALL;
    }
    if (d.isAnyOfArray || (d.isArray && d.in)) {
      return ArrayMode.ANY_OF_ARRAY;
    }
    if (d.isArray) {
      return ArrayMode.IS_ARRAY;
    }
    return d.in ? ArrayMode.IN : ArrayMode.NONE;
  }

  private String virtualSql(List<String> parts, List<Column> jsonParents) {
    Column best = null;
    for (Column p : jsonParents) {
      if (p.parts().size() < parts.size() && parts.subList(0, p.parts().size()).equals(p.parts())
          && (best == null || p.parts().size() > best.parts().size())) {
        best = p;
      }
    }
    String base = best == null ? table + ".\"json\"" : best.sql();
    List<String> rest = best == null ? parts : parts.subList(best.parts().size(), parts.size());
    return "json_extract(" + base + ", " + Values.sqlLiteral(JsonPaths.sqlPath(rest)) + ")";
  }

  private WhereFunction whereFor(String name, ColumnDef d, String sql, ArrayMode mode) {
    if (d.fullText != null) {
      // The search joins the column's FTS5 table (SelectBuilder); the condition is its MATCH.
      String match = FullTextSql.matchCondition(model, name);
      return (vals, v) -> match;
    }
    if (d.whereFn != null) {
      return d.whereFn;
    }
    if (d.whereSql != null) {
      String w = d.whereSql;
      return (vals, v) -> w;
    }
    if (d.falsyBool) {
      return (vals, v) -> Values.truthy(v) ? sql + " IS NOT NULL" : sql + " IS NULL";
    }
    if (d.textSearch) {
      return (vals, v) -> sql + " LIKE ? ESCAPE '\\'";
    }
    return switch (mode) {
      case IN -> (vals, v) -> sql + " IN (SELECT value FROM json_each(?))";
      case IS_ARRAY -> (vals, v) -> v instanceof Collection<?> || (v != null && v.getClass().isArray())
          ? "EXISTS(SELECT 1 FROM json_each(" + sql + ") j WHERE j.value IN (SELECT value FROM json_each(?)))"
          : "EXISTS(SELECT 1 FROM json_each(" + sql + ") j WHERE j.value = ?)";
      case IN_ALL -> (vals, v) -> "NOT EXISTS(SELECT 1 FROM json_each(?) s WHERE s.value NOT IN "
          + "(SELECT j.value FROM json_each(" + sql + ") j))";
      case ANY_OF_ARRAY -> (vals, v) -> "EXISTS(SELECT 1 FROM json_each(" + sql + ") j WHERE j.value IN "
          + "(SELECT value FROM json_each(?)))";
      case NONE -> (vals, v) -> sql + " = ?";
    };
  }

  private Function<Object, List<?>> whereValFor(ColumnDef d, ArrayMode mode) {
    if (d.fullText != null) {
      return v -> List.of(String.valueOf(v));
    }
    if (d.whereVal != null) {
      return d.whereVal;
    }
    if (d.falsyBool) {
      return v -> List.of();
    }
    if (d.textSearch) {
      return v -> List.of("%" + Values.escapeLike(String.valueOf(v)) + "%");
    }
    if (d.stringify != null && (mode == ArrayMode.NONE || mode == ArrayMode.IN)) {
      // The column stores stringify(value), so a searched value is compared in that form too
      // (each value of an `in` search on its own).
      Function<Object, Object> s = d.stringify;
      return mode == ArrayMode.NONE ? v -> Arrays.asList(stringified(s, v)) : v -> {
        List<Object> each = new ArrayList<>();
        for (Object x : asList(v)) {
          each.add(stringified(s, x));
        }
        return List.of(jsonArray(each));
      };
    }
    return switch (mode) {
      case IN, IN_ALL, ANY_OF_ARRAY -> v -> List.of(jsonArray(v));
      case IS_ARRAY -> v -> v instanceof Collection<?> || (v != null && v.getClass().isArray())
          ? List.of(jsonArray(v)) : List.of(v);
      case NONE -> List::of;
    };
  }

  /** stringify of a search value, given in the same plain form a write gives it. */
  private Object stringified(Function<Object, Object> stringify, Object v) {
    Object plain = Values.toJava(Values.toNode(v, mapper));
    Object out = stringify.apply(plain);
    return out instanceof com.fasterxml.jackson.databind.JsonNode n ? Values.toSql(n, ColumnType.JSON, mapper,
        "JsonModel '" + model + "'") : out;
  }

  private static List<?> asList(Object v) {
    if (v instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    if (v instanceof Object[] a) {
      return Arrays.asList(a);
    }
    return Arrays.asList(v);
  }

  private String jsonArray(Object v) {
    Object list = v instanceof Collection<?> ? v
        : v != null && v.getClass().isArray() ? (v instanceof Object[] a ? Arrays.asList(a) : v) : List.of(v);
    try {
      return mapper.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JsonModel '" + model + "': cannot serialise search value: " + e.getMessage(), e);
    }
  }

  private String uniqueAlias(String col, String alias, Map<String, String> aliases) {
    String prev = aliases.putIfAbsent(alias, col);
    if (prev != null) {
      throw error(col, "alias '" + alias + "' is already used by column '" + prev + "'");
    }
    return alias;
  }

  private void checkRealPaths(Map<String, Column> cols) {
    Map<String, String> seen = new HashMap<>();
    for (Column c : cols.values()) {
      if (c.real() && !c.path().isEmpty()) {
        String prev = seen.putIfAbsent(c.path(), c.name());
        if (prev != null) {
          throw error(c.name(), "path '" + c.path() + "' is already stored by real column '" + prev + "'");
        }
      }
    }
  }

  private IllegalArgumentException error(String column, String msg) {
    return new IllegalArgumentException("JsonModel '" + model + "', column '" + column + "': " + msg);
  }
}
