package io.strato.jsonmodel;

import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

/**
 * The options of one {@link ColumnDef} as given, unchecked and without defaults: what
 * {@link ColumnResolver} reads to resolve the column. Null (or false) means "not given".
 */
final class ColumnOptions {
  Boolean real;
  ColumnType type;
  /** Set by {@code type(null)}; cleared by a later type: rejected when resolved, naming the column. */
  boolean typeNull;
  String path;
  String alias;
  Boolean get;
  Function<Object, Object> parse;
  Function<Object, Object> stringify;
  boolean alwaysObject;
  ValueFunction value;
  ValueFunction slugValue;
  String sql;
  Object defaultValue;
  boolean required;
  boolean falsyBool;
  IndexKind index;
  boolean unique;
  Boolean ignoreNull;
  String whereSql;
  WhereFunction whereFn;
  Function<Object, List<?>> whereVal;
  boolean autoIncrement;
  /** How searches match, from {@code match(…)} or {@code fullText(…)}; null = not given. */
  MatchMode match;
  /** Set by {@code match(null)}; cleared by a later mode (rejected like {@link #typeNull}). */
  boolean matchNull;
  /** The flags of the deprecated search methods, turned into a mode when resolved. */
  final EnumSet<LegacyMatch> legacyMatch = EnumSet.noneOf(LegacyMatch.class);
  /** The FTS5 tokenizer given to {@code fullText(…)}, or null for the default. */
  String tokenizer;
}
