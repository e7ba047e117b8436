package io.strato.queue;

import io.strato.jsonmodel.ColumnDef;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Immutable settings of an {@link EventQueue}.
 *
 * <pre>{@code
 * QueueConfig cfg = QueueConfig.builder().name("history").withViews(true)
 *     .column("userId", ColumnDef.column().path("data.userId").index(IndexKind.DEFAULT))
 *     .pollInterval(Duration.ofMillis(500)).build();
 * }</pre>
 */
public final class QueueConfig {
  /** Columns the queue defines itself; extra columns may not reuse these names. */
  public static final Set<String> BUILT_IN_COLUMNS = Set.of("v", "type", "ts", "data", "result", "size", "json");

  /** The column holding sub-events, unless {@link SubEventStorage#JSON}. */
  public static final String EVENTS_COLUMN = "events";

  private final String name;
  private final boolean withViews;
  private final Map<String, ColumnDef> columns;
  private final Duration pollInterval;
  private final SubEventStorage subEvents;

  private QueueConfig(Builder b) {
    this.name = b.name;
    this.withViews = b.withViews;
    this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(b.columns));
    this.pollInterval = b.pollInterval;
    this.subEvents = b.subEvents;
  }

  /**
   * Where processed sub-events are kept.
   *
   * @return the storage, {@link SubEventStorage#JSON} by default
   */
  public SubEventStorage subEvents() {
    return subEvents;
  }

  /**
   * A builder with the defaults: table {@code history}, no views, poll every second.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The table name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Whether the size triggers, the {@code type,size} index and the helper views are created.
   *
   * @return true when enabled
   */
  public boolean withViews() {
    return withViews;
  }

  /**
   * Extra columns beyond the built-in ones.
   *
   * @return an unmodifiable map, in definition order
   */
  public Map<String, ColumnDef> columns() {
    return columns;
  }

  /**
   * How often a waiting {@link EventQueue#getNext(long, boolean)} re-checks the table for
   * events added by other processes or connections.
   *
   * @return the interval
   */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** Builds a {@link QueueConfig}. Not thread-safe. */
  public static final class Builder {
    private String name = "history";
    private boolean withViews;
    private final Map<String, ColumnDef> columns = new LinkedHashMap<>();
    private Duration pollInterval = Duration.ofSeconds(1);
    private SubEventStorage subEvents = SubEventStorage.JSON;

    private Builder() {}

    /**
     * Where processed sub-events are kept; anything but {@link SubEventStorage#JSON} adds an
     * {@code events} JSON column (run key {@code 0_events <table>}, as upstream's
     * event-sourcing queue).
     *
     * @param storage the storage
     * @return this
     * @throws IllegalArgumentException when null
     */
    public Builder subEvents(SubEventStorage storage) {
      if (storage == null) {
        throw new IllegalArgumentException("QueueConfig.subEvents: must not be null");
      }
      this.subEvents = storage;
      return this;
    }

    /**
     * The table name (default {@code history}).
     *
     * @param name a non-empty name
     * @return this builder
     */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("QueueConfig.name: must be a non-empty string");
      }
      this.name = name;
      return this;
    }

    /**
     * Adds the size triggers, the {@code type,size} index and the views {@code _recentHistory}
     * and {@code _historyTypes} (default off: the triggers cost an extra write per event).
     *
     * @param withViews true to enable
     * @return this builder
     */
    public Builder withViews(boolean withViews) {
      this.withViews = withViews;
      return this;
    }

    /**
     * Adds an extra column, e.g. one extracted from {@code data}.
     *
     * @param name the column name, not one of {@link #BUILT_IN_COLUMNS}
     * @param def the definition
     * @return this builder
     * @throws IllegalArgumentException for a built-in or duplicate name
     */
    public Builder column(String name, ColumnDef def) {
      if (name == null || name.isBlank() || def == null) {
        throw new IllegalArgumentException("QueueConfig.column: name and definition are required");
      }
      if (BUILT_IN_COLUMNS.contains(name)) {
        throw new IllegalArgumentException("QueueConfig.column: cannot override built-in column '" + name + "'");
      }
      if (columns.putIfAbsent(name, def) != null) {
        throw new IllegalArgumentException("QueueConfig.column: column '" + name + "' is already defined");
      }
      return this;
    }

    /**
     * How often waiting readers re-check for events from other processes (default 1 s).
     *
     * @param interval positive
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      if (interval == null || interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("QueueConfig.pollInterval: must be positive, got " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * Builds the immutable config.
     *
     * @return the config
     */
    public QueueConfig build() {
      if (subEvents != SubEventStorage.JSON && columns.containsKey(EVENTS_COLUMN)) {
        throw new IllegalArgumentException("QueueConfig: column '" + EVENTS_COLUMN + "' is the sub-events column of "
            + subEvents + " storage; do not define it as an extra column too");
      }
      return new QueueConfig(this);
    }
  }
}
