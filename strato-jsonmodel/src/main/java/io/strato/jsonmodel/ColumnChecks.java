package io.strato.jsonmodel;

/**
 * The rules a column definition must follow (SPEC §2.2: invalid combinations fail at model
 * construction, naming the column), and the one {@link MatchMode} a definition asks for.
 * Package-private: it reads {@link ColumnOptions} directly.
 */
final class ColumnChecks {
  private final String model;

  ColumnChecks(String model) {
    this.model = model;
  }

  /**
   * The match mode of a definition: {@code match(…)}/{@code fullText(…)}, or the deprecated
   * flags, or {@link MatchMode#EQUALS}.
   */
  MatchMode matchMode(String name, ColumnOptions o) {
    if (o.matchNull) {
      throw error(name, "match mode must not be null");
    }
    MatchMode legacy;
    try {
      legacy = LegacyMatch.toMode(o.legacyMatch);
    } catch (IllegalArgumentException e) {
      throw error(name, e.getMessage());
    }
    if (o.match != null && legacy != null) {
      throw error(name, (o.match == MatchMode.FULL_TEXT ? "fullText" : "match(" + o.match + ")")
          + " cannot be combined with in, isArray, inAll, isAnyOfArray or textSearch");
    }
    return o.match != null ? o.match : legacy != null ? legacy : MatchMode.EQUALS;
  }

  /** The id column: TEXT or INTEGER, and only the options that make sense for an id. */
  ColumnType checkId(String idCol, ColumnOptions o) {
    if (o.typeNull) {
      throw error(idCol, "type must not be null (leave it out for the default TEXT)");
    }
    MatchMode mode = matchMode(idCol, o);
    if (mode == MatchMode.FULL_TEXT) {
      throw error(idCol, "the id column cannot be fullText");
    }
    ColumnType type = o.type == null ? ColumnType.TEXT : o.type;
    if (type != ColumnType.TEXT && type != ColumnType.INTEGER) {
      throw error(idCol, "the id column must be TEXT or INTEGER, not " + type);
    }
    if (o.autoIncrement && type != ColumnType.INTEGER) {
      throw error(idCol, "autoIncrement is only for an INTEGER id column");
    }
    if (o.path != null && !o.path.equals(idCol)) {
      throw error(idCol, "the id column cannot have a path");
    }
    if (o.sql != null || o.falsyBool || mode != MatchMode.EQUALS || o.stringify != null || o.parse != null
        || o.alwaysObject || Boolean.FALSE.equals(o.real) || Boolean.FALSE.equals(o.get) || o.defaultValue != null) {
      throw error(idCol, "the id column takes only type, autoIncrement, value, slugValue, alias and index options");
    }
    if (o.value != null && o.slugValue != null) {
      throw error(idCol, "value and slugValue cannot both be set");
    }
    return type;
  }

  /** Any other column, once its kind (real/type/get) and mode are known. */
  void check(String name, ColumnOptions o, boolean real, ColumnType type, boolean get, MatchMode mode) {
    if (o.typeNull) {
      throw error(name, "type must not be null (use real() for a BLOB column, or leave both out for a virtual one)");
    }
    if (mode == MatchMode.FULL_TEXT) {
      checkFullText(name, o, real, type);
    }
    checkValues(name, o, real, type, get);
    if (mode.isArray() && (o.whereSql != null || o.whereFn != null)) {
      throw error(name, "isArray/inAll/isAnyOfArray cannot be combined with where");
    }
    if (mode == MatchMode.TEXT_SEARCH && o.falsyBool) {
      throw error(name, "textSearch cannot be combined with in/isArray/falsyBool");
    }
    if (o.falsyBool && mode.takesCollections()) {
      throw error(name, "falsyBool cannot be combined with in/isArray");
    }
    if (o.whereSql != null && o.whereFn != null) {
      throw error(name, "where is given twice (as SQL and as a function)");
    }
    if (o.whereSql != null && o.whereSql.isBlank()) {
      throw error(name, "where must be non-empty SQL");
    }
    if (o.sql != null && o.sql.isBlank()) {
      throw error(name, "sql must be a non-empty expression");
    }
  }

  private void checkValues(String name, ColumnOptions o, boolean real, ColumnType type, boolean get) {
    if (o.unique && o.index == null) {
      throw error(name, "unique requires index");
    }
    if (o.autoIncrement) {
      throw error(name, "autoIncrement is only for an INTEGER id column");
    }
    if (o.value != null && o.slugValue != null) {
      throw error(name, "value and slugValue cannot both be set");
    }
    if (o.slugValue != null && o.index == null) {
      throw error(name, "slugValue requires index");
    }
    if (!real && o.stringify != null) {
      throw error(name, "stringify only applies to real columns");
    }
    if (!get && o.parse != null) {
      throw error(name, "parse only applies to columns with get(true)");
    }
    if (real && o.sql != null) {
      throw error(name, "sql only applies to virtual columns");
    }
    if (o.falsyBool && real && o.parse != null) {
      throw error(name, "falsyBool cannot have parse");
    }
    if (o.alwaysObject && type != ColumnType.JSON) {
      throw error(name, "alwaysObject only applies to JSON columns");
    }
    if (o.defaultValue != null && !io.strato.jsonmodel.internal.Values.isStorable(o.defaultValue)) {
      throw error(name, "default must be a String, Number, Boolean or JsonNode, not "
          + o.defaultValue.getClass().getName());
    }
  }

  private void checkFullText(String name, ColumnOptions o, boolean real, ColumnType type) {
    if (real && type != ColumnType.TEXT) {
      throw error(name, "a real fullText column must have type TEXT, not " + type);
    }
    if (o.sql != null || o.whereSql != null || o.whereFn != null || o.whereVal != null || o.falsyBool
        || o.stringify != null) {
      throw error(name, "fullText cannot be combined with sql, where, whereVal, stringify or falsyBool");
    }
    if (o.tokenizer != null && o.tokenizer.indexOf('\0') >= 0) {
      throw error(name, "the fullText tokenizer must not contain NUL");
    }
  }

  IllegalArgumentException error(String column, String msg) {
    return new IllegalArgumentException("JsonModel '" + model + "', column '" + column + "': " + msg);
  }
}
