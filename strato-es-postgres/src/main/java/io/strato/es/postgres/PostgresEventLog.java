package io.strato.es.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.db.StratoException;
import io.strato.es.log.EventLog;
import io.strato.es.spi.NewEvent;
import io.strato.queue.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The event log on PostgreSQL, shared by every node that opens the same schema (SPEC §11).
 *
 * <ul>
 *   <li><b>Appends</b> are one statement each (a batch too: {@link #appendAll}): it bumps the one
 *       counter row, inserts the events and NOTIFYs, in one transaction. Concurrent
 *       {@link #append} calls are grouped: while one statement runs, the appends that arrive
 *       wait and then go together in the next one (one round trip, one commit for all). The row lock on the
 *       counter lets one append at a time through until it commits, so versions are gapless and
 *       in commit order. Each append carries a random token: when the connection breaks mid-way
 *       the append is looked up by its token after reconnecting, and repeated only when it did
 *       not commit (no lost, no doubled events).</li>
 *   <li><b>Waits</b> ({@link #awaitNext}) are woken by LISTEN/NOTIFY, by appends in this JVM and
 *       by {@link #wake}; they also look again every poll interval, so a missed notification
 *       only delays.</li>
 *   <li><b>Connection loss</b> (server restart, network loss): calls reconnect and repeat for up
 *       to the reconnect timeout, then throw a {@link StratoException} naming the server.</li>
 *   <li><b>Schema</b>: created and migrated at {@link Builder#build} (see the README).</li>
 * </ul>
 *
 * <p>Thread-safe: appends share one connection, reads another, notifications a third. It is
 * never in the state DB's transaction ({@link #stateDb()} is empty), so each append commits on
 * its own before returning.
 */
public final class PostgresEventLog implements EventLog {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final PgSettings settings;
  private final PgSession appends;
  private final PgSession reads;
  private final PgNotifier notifier;
  private volatile long wakes;
  private final String appendSql;
  private final AppendGroup group = new AppendGroup(this::write);

  private PostgresEventLog(PgSettings settings) {
    this.settings = settings;
    try (Connection c = PgSession.connect(settings)) {
      PgSchema.migrate(c, settings);
    } catch (SQLException e) {
      throw new StratoException("PostgresEventLog: cannot open schema '" + settings.schema() + "' at "
          + settings.url() + ": " + e.getMessage(), e);
    }
    this.appends = new PgSession(settings, "appends to '" + settings.schema() + "'");
    this.reads = new PgSession(settings, "reads of '" + settings.schema() + "'");
    this.notifier = new PgNotifier(settings);
    this.appendSql = "WITH h AS (UPDATE " + settings.table("head") + " SET v = v + ? WHERE id = 1 RETURNING v),"
        + " ins AS (INSERT INTO " + settings.table("events") + " (v, type, ts, data, token)"
        + " SELECT h.v - ? + x.ord, x.type, x.ts, x.data, ?::uuid FROM h,"
        + " unnest(?::text[], ?::bigint[], ?::text[]) WITH ORDINALITY AS x(type, ts, data, ord)"
        + " RETURNING v)"
        + " SELECT m, pg_notify('" + settings.appendChannel() + "', m::text) FROM (SELECT max(v) AS m FROM ins) q";
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  PgSettings settings() {
    return settings;
  }

  PgNotifier notifier() {
    return notifier;
  }

  @Override
  public Event append(String type, JsonNode data, long ts) {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("PostgresEventLog.append: type must be a non-empty string");
    }
    if (ts < 0) {
      throw new IllegalArgumentException("PostgresEventLog.append: ts must be >= 0, got " + ts);
    }
    // Concurrent appends share one statement (AppendGroup); the JSON is written here so that bad
    // data fails this append only.
    return group.append(new AppendGroup.Pending(type, ts == 0 ? System.currentTimeMillis() : ts, data, json(data)));
  }

  /**
   * Appends several events in one round trip and one transaction: they get consecutive
   * versions, all or none.
   *
   * @param events the events, at least one
   * @return the stored events, in order
   * @throws IllegalArgumentException for an empty or null list
   * @throws StratoException when PostgreSQL stays unreachable past the reconnect timeout
   */
  public List<Event> appendAll(List<NewEvent> events) {
    if (events == null || events.isEmpty() || events.contains(null)) {
      throw new IllegalArgumentException("PostgresEventLog.appendAll: need at least one event and no nulls");
    }
    long now = System.currentTimeMillis();
    List<AppendGroup.Pending> rows = new ArrayList<>(events.size());
    for (NewEvent e : events) {
      rows.add(new AppendGroup.Pending(e.type(), now, e.data(), json(e.data())));
    }
    long last = write(rows);
    List<Event> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      AppendGroup.Pending p = rows.get(i);
      out.add(new Event(last - rows.size() + 1 + i, p.type(), p.ts(), p.data(), null, null, null, null));
    }
    return out;
  }

  /** One statement, one transaction: the events get consecutive versions; returns the last one. */
  private long write(List<AppendGroup.Pending> rows) {
    int n = rows.size();
    String[] types = new String[n];
    Long[] tss = new Long[n];
    String[] datas = new String[n];
    for (int i = 0; i < n; i++) {
      types[i] = rows.get(i).type();
      tss[i] = rows.get(i).ts();
      datas[i] = rows.get(i).json();
    }
    String token = UUID.randomUUID().toString();
    boolean[] retry = {false};
    long last = appends.retrying("appending " + n + " event(s)", c -> {
      // After a lost connection the append may have committed: find it by its token first.
      Long found = retry[0] ? byToken(c, token) : null;
      retry[0] = true;
      if (found != null) {
        return found;
      }
      try (PreparedStatement ps = c.prepareStatement(appendSql)) {
        ps.setInt(1, n);
        ps.setInt(2, n);
        ps.setString(3, token);
        ps.setArray(4, c.createArrayOf("text", types));
        ps.setArray(5, c.createArrayOf("bigint", tss));
        ps.setArray(6, c.createArrayOf("text", datas));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
    notifier.signal();
    return last;
  }

  private Long byToken(Connection c, String token) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT max(v) FROM " + settings.table("events")
        + " WHERE token = ?::uuid")) {
      ps.setString(1, token);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        return rs.wasNull() ? null : v;
      }
    }
  }

  @Override
  public List<Event> read(long afterV, int max) {
    if (afterV < 0 || max < 1) {
      throw new IllegalArgumentException("PostgresEventLog.read: need afterV >= 0 and max >= 1, got " + afterV
          + ", " + max);
    }
    return reads.retrying("reading events after " + afterV, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT v, type, ts, data FROM " + settings.table("events")
          + " WHERE v > ? ORDER BY v LIMIT ?")) {
        ps.setLong(1, afterV);
        ps.setInt(2, max);
        List<Event> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Event(rs.getLong(1), rs.getString(2), rs.getLong(3), parse(rs.getString(4), rs.getLong(1)),
                null, null, null, null));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Optional<Event> get(long v) {
    if (v < 1) {
      return Optional.empty();
    }
    List<Event> e = read(v - 1, 1);
    return e.isEmpty() || e.get(0).v() != v ? Optional.empty() : Optional.of(e.get(0));
  }

  @Override
  public Optional<Event> awaitNext(long afterV, Duration timeout) throws InterruptedException {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("PostgresEventLog.awaitNext: timeout must be >= 0");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long myWake = wakes;
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      long seen = notifier.count();
      List<Event> next = read(afterV, 1);
      if (!next.isEmpty()) {
        return Optional.of(next.get(0));
      }
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (wakes != myWake || left <= 0) {
        return Optional.empty();
      }
      notifier.await(seen, Math.min(left, settings.pollInterval().toMillis()), () -> wakes != myWake);
    }
  }

  @Override
  public void wake() {
    wakes++;
    notifier.signal();
  }

  @Override
  public long head() {
    return reads.retrying("reading the head", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT v FROM " + settings.table("head"));
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** New appends get versions above {@code v} (the counter only moves up). */
  @Override
  public void continueAfter(long v) {
    appends.retrying("continuing after " + v, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + settings.table("head")
          + " SET v = greatest(v, ?) WHERE id = 1")) {
        ps.setLong(1, v);
        return ps.executeUpdate();
      }
    });
  }

  /** Closes its connections and the listening thread; waits in progress end empty. */
  @Override
  public void close() {
    wake();
    notifier.close();
    appends.close();
    reads.close();
  }

  @Override
  public String toString() {
    return "PostgresEventLog[" + settings.schema() + "]";
  }

  static String json(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("PostgresEventLog: cannot serialise event data: " + e.getMessage(), e);
    }
  }

  private JsonNode parse(String text, long v) {
    if (text == null) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new StratoException("PostgresEventLog '" + settings.schema() + "': event " + v + " has invalid JSON data",
          e);
    }
  }

  /** Builds a {@link PostgresEventLog}; only the URL is required. */
  public static final class Builder extends PgBuilderBase<Builder> {
    Builder() {}

    /**
     * Connects, creates or migrates the schema and starts listening.
     *
     * @return the log
     * @throws IllegalArgumentException when the URL is missing
     * @throws StratoException when PostgreSQL cannot be reached or the schema is newer
     */
    public PostgresEventLog build() {
      return new PostgresEventLog(settings());
    }
  }
}
