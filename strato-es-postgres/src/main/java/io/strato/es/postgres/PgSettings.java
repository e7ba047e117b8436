package io.strato.es.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to reach the log (validated by {@link PostgresEventLog.Builder}).
 *
 * @param url the JDBC URL
 * @param schema the schema holding the log's tables
 * @param properties extra driver properties (user, password, ...)
 * @param connectTimeout how long opening a connection may take
 * @param socketTimeout how long one statement may wait for the server
 * @param reconnectTimeout how long a lost connection is retried before a call fails
 * @param pollInterval the polling fallback of waits, should a notification be missed
 */
record PgSettings(String url, String schema, Map<String, String> properties, Duration connectTimeout,
    Duration socketTimeout, Duration reconnectTimeout, Duration pollInterval) {
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,47}");

  PgSettings {
    properties = Map.copyOf(properties);
  }

  /** Schema names are put into SQL and channel names, so only plain lower-case identifiers. */
  static String checkSchema(String schema) {
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("PostgresEventLog: schema must match " + SCHEMA.pattern() + ", got "
          + (schema == null ? "null" : "'" + schema + "'"));
    }
    return schema;
  }

  /** A table of the schema, qualified. */
  String table(String name) {
    return schema + "." + name;
  }

  /** The channel appends notify on. */
  String appendChannel() {
    return "strato_" + schema;
  }

  /** The channel publishes of processed records notify on. */
  String publishChannel() {
    return "strato_" + schema + "_p";
  }

  /**
   * A 64-bit advisory-lock key for a purpose in this schema (from SHA-256, so keys of different
   * schemas or purposes do not collide in practice).
   */
  long lockKey(String purpose) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(("strato-es-postgres:" + purpose + ":" + schema).getBytes(StandardCharsets.UTF_8));
      long k = 0;
      for (int i = 0; i < 8; i++) {
        k = (k << 8) | (h[i] & 0xff);
      }
      return k;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
