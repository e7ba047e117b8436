package io.strato.es;

import java.time.Instant;
import java.util.Optional;

/**
 * Which events {@link Operations#history(HistoryFilter)} returns: an immutable value, built
 * fluently (each call returns a new filter). Events come in version order, at most
 * {@link #limit()} per call (default 100, at most 10,000); page on with
 * {@code fromV(last.v() + 1)}.
 *
 * <pre>{@code
 * HistoryFilter f = HistoryFilter.all().type("account/opened").since(Instant.parse("2026-01-01T00:00:00Z")).limit(50);
 * List<Event> page = es.operations().history(f);
 * while (!page.isEmpty()) {
 *   page.forEach(e -> log.info("{} {}", e.v(), e.type()));
 *   page = es.operations().history(f.fromV(page.get(page.size() - 1).v() + 1));
 * }
 * List<Event> failed = es.operations().history(HistoryFilter.all().failedOnly());
 * }</pre>
 */
public final class HistoryFilter {
  /** The most events one call returns. */
  public static final int MAX_LIMIT = 10_000;

  private final String type;
  private final long fromV;
  private final long toV;
  private final Instant since;
  private final Instant until;
  private final boolean failedOnly;
  private final boolean skippedOnly;
  private final int limit;

  private HistoryFilter(String type, long fromV, long toV, Instant since, Instant until, boolean failedOnly,
      boolean skippedOnly, int limit) {
    this.type = type;
    this.fromV = fromV;
    this.toV = toV;
    this.since = since;
    this.until = until;
    this.failedOnly = failedOnly;
    this.skippedOnly = skippedOnly;
    this.limit = limit;
  }

  /**
   * Every event, 100 per page.
   *
   * @return the filter
   */
  public static HistoryFilter all() {
    return new HistoryFilter(null, 1, Long.MAX_VALUE, null, null, false, false, 100);
  }

  /**
   * Only events of this type (as stored).
   *
   * @param type the type, non-empty
   * @return a new filter
   * @throws IllegalArgumentException for null or empty
   */
  public HistoryFilter type(String type) {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("HistoryFilter.type: must be a non-empty string");
    }
    return new HistoryFilter(type, fromV, toV, since, until, failedOnly, skippedOnly, limit);
  }

  /**
   * Only versions at or above v.
   *
   * @param v the lowest version, at least 1
   * @return a new filter
   * @throws IllegalArgumentException below 1
   */
  public HistoryFilter fromV(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("HistoryFilter.fromV: must be >= 1, got " + v);
    }
    return new HistoryFilter(type, v, toV, since, until, failedOnly, skippedOnly, limit);
  }

  /**
   * Only versions at or below v.
   *
   * @param v the highest version, at least 1
   * @return a new filter
   * @throws IllegalArgumentException below 1
   */
  public HistoryFilter toV(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("HistoryFilter.toV: must be >= 1, got " + v);
    }
    return new HistoryFilter(type, fromV, v, since, until, failedOnly, skippedOnly, limit);
  }

  /**
   * Only events with {@code ts} at or after this time.
   *
   * @param t the earliest time
   * @return a new filter
   * @throws IllegalArgumentException for null
   */
  public HistoryFilter since(Instant t) {
    if (t == null) {
      throw new IllegalArgumentException("HistoryFilter.since: must not be null");
    }
    return new HistoryFilter(type, fromV, toV, t, until, failedOnly, skippedOnly, limit);
  }

  /**
   * Only events with {@code ts} before this time.
   *
   * @param t the time (exclusive)
   * @return a new filter
   * @throws IllegalArgumentException for null
   */
  public HistoryFilter until(Instant t) {
    if (t == null) {
      throw new IllegalArgumentException("HistoryFilter.until: must not be null");
    }
    return new HistoryFilter(type, fromV, toV, since, t, failedOnly, skippedOnly, limit);
  }

  /**
   * Only events stored with an {@code error} (failed, not yet processed).
   *
   * @return a new filter
   */
  public HistoryFilter failedOnly() {
    return new HistoryFilter(type, fromV, toV, since, until, true, skippedOnly, limit);
  }

  /**
   * Only events skipped with {@link Operations#skip(long, String)}.
   *
   * @return a new filter
   */
  public HistoryFilter skippedOnly() {
    return new HistoryFilter(type, fromV, toV, since, until, failedOnly, true, limit);
  }

  /**
   * The most events per call.
   *
   * @param n 1 to {@link #MAX_LIMIT}
   * @return a new filter
   * @throws IllegalArgumentException outside that range
   */
  public HistoryFilter limit(int n) {
    if (n < 1 || n > MAX_LIMIT) {
      throw new IllegalArgumentException("HistoryFilter.limit: must be 1.." + MAX_LIMIT + ", got " + n);
    }
    return new HistoryFilter(type, fromV, toV, since, until, failedOnly, skippedOnly, n);
  }

  /** @return the type, if filtered by one */
  public Optional<String> typeFilter() {
    return Optional.ofNullable(type);
  }

  /** @return the lowest version */
  public long fromVersion() {
    return fromV;
  }

  /** @return the highest version */
  public long toVersion() {
    return toV;
  }

  /** @return the earliest time, if any */
  public Optional<Instant> sinceTime() {
    return Optional.ofNullable(since);
  }

  /** @return the time events must be before, if any */
  public Optional<Instant> untilTime() {
    return Optional.ofNullable(until);
  }

  /** @return whether only failed events */
  public boolean isFailedOnly() {
    return failedOnly;
  }

  /** @return whether only skipped events */
  public boolean isSkippedOnly() {
    return skippedOnly;
  }

  /** @return the most events per call */
  public int limit() {
    return limit;
  }

  @Override
  public String toString() {
    return "HistoryFilter[type=" + type + ", v=" + fromV + ".." + toV + ", since=" + since + ", until=" + until
        + (failedOnly ? ", failedOnly" : "") + (skippedOnly ? ", skippedOnly" : "") + ", limit=" + limit + "]";
  }
}
