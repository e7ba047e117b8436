package io.strato.es.postgres;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection settings of {@link PostgresEventLog.Builder}, kept apart so the log's own file
 * stays about the log.
 *
 * @param <B> the builder type, for chaining
 */
public abstract class PgBuilderBase<B extends PgBuilderBase<B>> {
  private String url;
  private String schema = "strato";
  private final Map<String, String> properties = new HashMap<>();
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration socketTimeout = Duration.ofSeconds(30);
  private Duration reconnectTimeout = Duration.ofSeconds(30);
  private Duration pollInterval = Duration.ofMillis(500);

  PgBuilderBase() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * The JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
   *
   * @param url the URL
   * @return this builder
   * @throws IllegalArgumentException when it is not a {@code jdbc:postgresql:} URL
   */
  public B url(String url) {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("PostgresEventLog: url must start with jdbc:postgresql:, got " + url);
    }
    this.url = url;
    return self();
  }

  /**
   * The schema holding the log's tables (created when missing); default {@code strato}. Nodes
   * sharing a log use the same schema.
   *
   * @param schema a lower-case identifier of at most 48 characters
   * @return this builder
   * @throws IllegalArgumentException for anything else
   */
  public B schema(String schema) {
    this.schema = PgSettings.checkSchema(schema);
    return self();
  }

  /**
   * A driver property (e.g. {@code user}, {@code password}, {@code sslmode}).
   *
   * @param key the property name
   * @param value its value
   * @return this builder
   * @throws IllegalArgumentException for a null or empty key, or a null value
   */
  public B property(String key, String value) {
    if (key == null || key.isEmpty() || value == null) {
      throw new IllegalArgumentException("PostgresEventLog: property needs a key and a value, got " + key);
    }
    properties.put(key, value);
    return self();
  }

  /**
   * How long a lost connection is retried before a call fails with a clear error; default 30 s.
   *
   * @param timeout positive
   * @return this builder
   * @throws IllegalArgumentException when not positive
   */
  public B reconnectTimeout(Duration timeout) {
    this.reconnectTimeout = positive("reconnectTimeout", timeout);
    return self();
  }

  /**
   * How long one statement may wait for the server (the driver's socket timeout); default 30 s.
   *
   * @param timeout positive
   * @return this builder
   * @throws IllegalArgumentException when not positive
   */
  public B socketTimeout(Duration timeout) {
    this.socketTimeout = positive("socketTimeout", timeout);
    return self();
  }

  /**
   * How long opening a connection may take; default 5 s.
   *
   * @param timeout positive
   * @return this builder
   * @throws IllegalArgumentException when not positive
   */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = positive("connectTimeout", timeout);
    return self();
  }

  /**
   * The polling fallback: a wait looks for new events at least this often even without a
   * notification; default 500 ms.
   *
   * @param interval positive
   * @return this builder
   * @throws IllegalArgumentException when not positive
   */
  public B pollInterval(Duration interval) {
    this.pollInterval = positive("pollInterval", interval);
    return self();
  }

  static Duration positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("PostgresEventLog: " + what + " must be positive, got " + d);
    }
    return d;
  }

  PgSettings settings() {
    if (url == null) {
      throw new IllegalArgumentException("PostgresEventLog: url(...) is required");
    }
    return new PgSettings(url, schema, properties, connectTimeout, socketTimeout, reconnectTimeout, pollInterval);
  }
}
