package io.strato.jsonmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.jsonmodel.internal.FullTextSql;
import io.strato.jsonmodel.internal.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The search condition of a column: its {@code where} function (SQL from the searched value)
 * and {@code whereVal} function (the parameters), from the definition's own functions or from
 * its {@link MatchMode}. Package-private: it reads {@link ColumnOptions} directly.
 */
final class ColumnSearchSql {
  private final String model;
  private final ObjectMapper mapper;

  ColumnSearchSql(String model, ObjectMapper mapper) {
    this.model = model;
    this.mapper = mapper;
  }

  /** Whether the definition decides itself what search values mean (lists included). */
  static boolean custom(ColumnOptions o) {
    return o.whereFn != null || o.whereVal != null || o.stringify != null;
  }

  /**
   * Whether the condition's SQL is the same whatever the searched value: not for an array
   * column (one value or a collection), falsyBool (IS [NOT] NULL) or custom functions.
   */
  static boolean fixed(ColumnOptions o, MatchMode mode) {
    return mode != MatchMode.IS_ARRAY && !o.falsyBool && o.whereFn == null && o.whereVal == null;
  }

  WhereFunction where(String name, ColumnOptions o, String sql, MatchMode mode) {
    if (mode == MatchMode.FULL_TEXT) {
      // The search joins the column's FTS5 table (SelectBuilder); the condition is its MATCH.
      String match = FullTextSql.matchCondition(model, name);
      return (vals, v) -> match;
    }
    if (o.whereFn != null) {
      return o.whereFn;
    }
    if (o.whereSql != null) {
      String w = o.whereSql;
      return (vals, v) -> w;
    }
    if (o.falsyBool) {
      return (vals, v) -> Values.truthy(v) ? sql + " IS NOT NULL" : sql + " IS NULL";
    }
    // Conditions that do not depend on the value are built once, not per search.
    String eq = sql + " = ?";
    String in = sql + " IN (SELECT value FROM json_each(?))";
    String like = sql + " LIKE ? ESCAPE '\\'";
    String anyOf = "EXISTS(SELECT 1 FROM json_each(" + sql + ") j WHERE j.value IN (SELECT value FROM json_each(?)))";
    String contains = "EXISTS(SELECT 1 FROM json_each(" + sql + ") j WHERE j.value = ?)";
    String all = "NOT EXISTS(SELECT 1 FROM json_each(?) s WHERE s.value NOT IN (SELECT j.value FROM json_each("
        + sql + ") j))";
    return switch (mode) {
      case EQUALS -> (vals, v) -> eq;
      case IN -> (vals, v) -> in;
      case TEXT_SEARCH -> (vals, v) -> like;
      case IS_ARRAY -> (vals, v) -> isCollection(v) ? anyOf : contains;
      case IN_ALL -> (vals, v) -> all;
      case IS_ANY_OF_ARRAY -> (vals, v) -> anyOf;
      case FULL_TEXT -> throw new IllegalStateException("handled above");
    };
  }

  Function<Object, List<?>> whereVal(ColumnOptions o, MatchMode mode) {
    if (mode == MatchMode.FULL_TEXT) {
      return v -> List.of(String.valueOf(v));
    }
    if (o.whereVal != null) {
      return o.whereVal;
    }
    if (o.falsyBool) {
      return v -> List.of();
    }
    if (mode == MatchMode.TEXT_SEARCH) {
      return v -> List.of("%" + Values.escapeLike(String.valueOf(v)) + "%");
    }
    if (o.stringify != null && (mode == MatchMode.EQUALS || mode == MatchMode.IN)) {
      // The column stores stringify(value), so a searched value is compared in that form too
      // (each value of an `in` search on its own).
      Function<Object, Object> s = o.stringify;
      return mode == MatchMode.EQUALS ? v -> Arrays.asList(stringified(s, v)) : v -> {
        List<Object> each = new ArrayList<>();
        for (Object x : asList(v)) {
          each.add(stringified(s, x));
        }
        return List.of(jsonArray(each));
      };
    }
    return switch (mode) {
      case IN, IN_ALL, IS_ANY_OF_ARRAY -> v -> List.of(jsonArray(v));
      case IS_ARRAY -> v -> isCollection(v) ? List.of(jsonArray(v)) : List.of(v);
      default -> List::of;
    };
  }

  private static boolean isCollection(Object v) {
    return v instanceof Collection<?> || (v != null && v.getClass().isArray());
  }

  /** stringify of a search value, given in the same plain form a write gives it. */
  private Object stringified(Function<Object, Object> stringify, Object v) {
    Object plain = Values.toJava(Values.toNode(v, mapper));
    Object out = stringify.apply(plain);
    return out instanceof JsonNode n ? Values.toSql(n, ColumnType.JSON, mapper, "JsonModel '" + model + "'") : out;
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
      throw new IllegalArgumentException("JsonModel '" + model + "': cannot serialise search value: " + e.getMessage(),
          e);
    }
  }
}
