package io.strato.db.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.UUID;

/** Binds Java values to positional parameters the way SQLite stores them. */
public final class Binder {
  private Binder() {}

  /**
   * Binds all parameters.
   *
   * @param ps the statement
   * @param params the values, in order
   * @throws SQLException when the driver rejects a value
   * @throws IllegalArgumentException when a value has a type SQLite cannot store, or the count
   *     does not match the statement's placeholders
   */
  public static void bind(PreparedStatement ps, List<?> params) throws SQLException {
    int expected = ps.getParameterMetaData().getParameterCount();
    if (expected != params.size()) {
      throw new IllegalArgumentException(
          "SQL expects " + expected + " parameter(s) but " + params.size() + " were given");
    }
    for (int i = 0; i < params.size(); i++) {
      bindOne(ps, i + 1, params.get(i));
    }
  }

  private static void bindOne(PreparedStatement ps, int idx, Object v) throws SQLException {
    if (v == null) {
      ps.setNull(idx, Types.NULL);
    } else if (v instanceof String s) {
      ps.setString(idx, s);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      ps.setLong(idx, ((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      ps.setDouble(idx, ((Number) v).doubleValue());
    } else if (v instanceof Boolean b) {
      ps.setLong(idx, b ? 1 : 0);
    } else if (v instanceof byte[] b) {
      ps.setBytes(idx, b);
    } else if (v instanceof BigInteger bi) {
      if (bi.bitLength() < 64) {
        ps.setLong(idx, bi.longValue());
      } else {
        ps.setString(idx, bi.toString());
      }
    } else if (v instanceof BigDecimal bd) {
      ps.setDouble(idx, bd.doubleValue());
    } else if (v instanceof CharSequence || v instanceof Character || v instanceof UUID) {
      ps.setString(idx, v.toString());
    } else if (v instanceof Enum<?> e) {
      ps.setString(idx, e.name());
    } else {
      throw new IllegalArgumentException(
          "Cannot bind parameter " + idx + " of type " + v.getClass().getName()
              + "; use String, Number, Boolean, byte[], null, or Sql.json(...) for JSON");
    }
  }
}
