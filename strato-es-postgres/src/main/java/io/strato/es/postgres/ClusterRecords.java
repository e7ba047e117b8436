package io.strato.es.postgres;

import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.es.log.ProcessingGate;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an {@code EventSourcingDB} one node of a cluster sharing a {@link PostgresEventLog}
 * (SPEC §11): exactly one node at a time (the leader, see {@link LeaderElection}) reduces events
 * and publishes each processed record to PostgreSQL with a write fenced on its term's epoch,
 * before committing it locally; every other node (a follower) applies the published records in
 * version order (apply + derive, no reducers), so all states end equal. A node that was down, or
 * a new leader, first applies what was published; a node that crashed between publishing and
 * committing applies its own record. Processed records are also kept in the node's state file,
 * as {@link SqliteProcessedRecords} does.
 *
 * <pre>{@code
 * PostgresEventLog log = PostgresEventLog.builder().url(url).schema("shop").build();
 * ClusterRecords records = ClusterRecords.builder(log).node("node-a").build();
 * EventSourcingDB es = EventSourcingDB.builder().file(stateFile).eventLog(log).processedRecords(records)
 *     ...models...
 *     .build();
 * es.startPolling(); // every node polls: the leader to process, followers to apply
 * es.dispatch("order/placed", data); // on any node: returns once applied on this node
 * }</pre>
 *
 * <p>Threads: the gate methods run on the processing thread inside the state transaction; the
 * election runs on its own daemon thread. Close it after the {@code EventSourcingDB} (it does
 * not close the log). A failure of the leader is reported too: followers fail the event as well
 * (and retry) until its record is published.
 *
 * <p><b>A new node from a snapshot.</b> A copy of any node's state file
 * ({@code es.operations().snapshot(file)}) starts a new node at the snapshot's version: it applies
 * only the records published after it. A state file ahead of the published records (not built by
 * this cluster) is logged as an error at the first event, and such a node refuses to lead with a
 * {@link StratoException} saying why, instead of having every publish refused in silence.
 */
public final class ClusterRecords extends SqliteProcessedRecords implements ProcessingGate, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRecords.class);
  private static final int PREFETCH = 256;

  private final PostgresEventLog log;
  private final LeaderElection election;
  private final PublishedRecords published;
  private final Duration followerWait;
  /** Records fetched ahead by a follower; the processing thread only. */
  private final ConcurrentSkipListMap<Long, Event> ahead = new ConcurrentSkipListMap<>();
  /** The last version this node published in its current term (processing thread). */
  private long publishedInTerm = -1;
  private long termEpoch = -1;
  /** The version this node is reducing now (processing thread), or -1. */
  private long reducing = -1;
  /** Whether the state's version was compared with the published records yet. */
  private volatile boolean startChecked;
  private final String node;

  private ClusterRecords(Builder b) {
    super(b.log);
    this.log = b.log;
    this.published = new PublishedRecords(log.settings(), b.node);
    this.election = new LeaderElection(log.settings(), b.node, b.checkInterval);
    this.followerWait = b.followerWait;
    this.node = b.node;
  }

  /**
   * A builder for one node.
   *
   * @param log the shared log
   * @return the builder
   * @throws IllegalArgumentException for null
   */
  public static Builder builder(PostgresEventLog log) {
    if (log == null) {
      throw new IllegalArgumentException("ClusterRecords: log must not be null");
    }
    return new Builder(log);
  }

  /**
   * Whether this node leads now (it may learn later that it lost the lock; its publishes are
   * refused from that moment on anyway).
   *
   * @return true while leader
   */
  @Override
  public boolean isLeader() {
    return election.term() != null;
  }

  /**
   * The epoch of this node's term, or -1 while it does not lead.
   *
   * @return the epoch
   */
  public long epoch() {
    LeaderElection.Term t = election.term();
    return t == null ? -1 : t.epoch();
  }

  /**
   * Gives up leadership now (e.g. before maintenance); another node takes over within the
   * check interval. This node may lead again later.
   */
  public void stepDown() {
    election.stepDown();
  }

  /**
   * Reduce (leader), apply a published record, or wait (follower).
   *
   * @throws StratoException on the leader when this node's state is ahead of the published
   *     records: it could never publish; it steps down first, the message says what to do
   */
  @Override
  public Turn before(Event queued) {
    long v = queued.v();
    Event rec = ahead.remove(v);
    if (rec != null) {
      return Turn.apply(rec);
    }
    checkStart(v - 1);
    LeaderElection.Term t = election.term();
    return t != null ? leaderTurn(t, v) : followerTurn(v);
  }

  /** The leader reduces the next unpublished event; below it, it applies what it published. */
  private Turn leaderTurn(LeaderElection.Term t, long v) {
    if (t.epoch() != termEpoch) {
      termEpoch = t.epoch();
      publishedInTerm = t.startV();
    }
    if (v <= publishedInTerm) {
      return applyPublished(v);
    }
    if (v > publishedInTerm + 1) {
      // Publishing v needs v - 1 published; only this node could do that and it never will.
      election.stepDown();
      throw new StratoException(aheadMessage(v - 1, publishedInTerm));
    }
    reducing = v;
    return Turn.PROCESS;
  }

  /** A follower applies the published record, waiting a little for it to be published. */
  private Turn followerTurn(long v) {
    Turn got = fetch(v);
    if (got != Turn.WAIT) {
      return got;
    }
    // Not published yet: wait a little for a notification so a polling follower does not spin.
    long seen = log.notifier().count();
    try {
      log.notifier().await(seen, followerWait.toMillis(), () -> false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Turn.WAIT;
    }
    got = fetch(v);
    if (got != Turn.WAIT) {
      return got;
    }
    // The leader is stuck at this event: fail it here too (it is retried with back-off).
    Event failed = published.failure(v);
    return failed != null ? Turn.apply(failed) : Turn.WAIT;
  }

  /**
   * Keeps the processed records in the state file, and compares the state's version with the
   * published records as soon as the state DB opens.
   */
  @Override
  public void attach(DB stateDb) {
    super.attach(stateDb);
    stateDb.runOnceOnOpen(d -> {
      try {
        checkStart(d.userVersion());
      } catch (RuntimeException e) {
        // PostgreSQL unreachable right now: not a reason to fail the open; the first event checks
        LOG.debug("ClusterRecords: start check deferred: {}", e.toString());
      }
    });
  }

  /**
   * Logs an error once when the state is ahead of the published records: at open, else at the
   * first event (a state at {@code stateVersion}).
   */
  private void checkStart(long stateVersion) {
    if (startChecked || stateVersion <= 0) {
      return; // an empty state cannot be ahead
    }
    long last = published.lastPublished();
    startChecked = true;
    if (stateVersion > last) {
      LOG.error(aheadMessage(stateVersion, last));
    }
  }

  /**
   * Why a node whose state is at {@code state} cannot lead while the cluster published only up to
   * {@code published}, and what to do about it.
   */
  private String aheadMessage(long state, long published) {
    return "ClusterRecords '" + log.settings().schema() + "', node " + node + ": the state file is at version "
        + state + " but the cluster has published records only up to version " + published + ". The state was not"
        + " built from this cluster's records (processed on its own, e.g. with SqliteProcessedRecords, or restored"
        + " from another cluster's snapshot), so this node cannot lead: each of its publishes would be refused. It"
        + " steps down whenever it wins the election, and follows once another node has published past version "
        + state + ". To join normally, start it from an empty state file or from a snapshot of a node of this"
        + " cluster";
  }

  /**
   * Stores the record locally; the failure of an event this node reduced as leader is also
   * reported to PostgreSQL, so dispatchers waiting on followers hear of it.
   */
  @Override
  public void store(Event processed, Event queued) {
    super.store(processed, queued);
    if (processed.failed() && processed.v() == reducing) {
      LeaderElection.Term t = election.term();
      if (t != null && t.epoch() == termEpoch) {
        published.publishFailure(t.epoch(), processed);
      }
    }
    reducing = -1;
  }

  private Turn applyPublished(long v) {
    Turn got = fetch(v);
    if (got == Turn.WAIT) {
      throw new StratoException("ClusterRecords: event " + v + " is marked published but its record is missing");
    }
    return got;
  }

  private Turn fetch(long v) {
    List<Event> recs = published.from(v, PREFETCH);
    if (recs.isEmpty() || recs.get(0).v() != v) {
      return Turn.WAIT;
    }
    ahead.clear();
    for (Event r : recs.subList(1, recs.size())) {
      ahead.put(r.v(), r);
    }
    return Turn.apply(recs.get(0));
  }

  @Override
  public boolean publish(Event processed) {
    LeaderElection.Term t = election.term();
    if (t == null || t.epoch() != termEpoch) {
      return false; // lost the lock (or a new term began): whatever this node reduced is not the record
    }
    if (!published.publish(t.epoch(), processed)) {
      // Fenced: a newer term exists. Everything reduced in this transaction rolls back; from now
      // on this node follows.
      election.stepDown();
      ahead.clear();
      return false;
    }
    publishedInTerm = processed.v();
    return true;
  }

  /**
   * The epoch under which a version's record was published (for checks and tests).
   *
   * @param v the version
   * @return the epoch, or -1 when not published
   */
  public long publishedEpoch(long v) {
    return published.epochOf(v);
  }

  /** Stops the election (releasing leadership) and closes its connections; not the log. */
  @Override
  public void close() {
    election.close();
    published.close();
  }

  /** Builds {@link ClusterRecords}. */
  public static final class Builder {
    private final PostgresEventLog log;
    private String node = "node-" + ProcessHandle.current().pid();
    private Duration checkInterval = Duration.ofMillis(500);
    private Duration followerWait = Duration.ofMillis(100);

    Builder(PostgresEventLog log) {
      this.log = log;
    }

    /**
     * This node's name, shown in the leader row and logs; default {@code node-<pid>}.
     *
     * @param node a non-empty name
     * @return this builder
     * @throws IllegalArgumentException when empty
     */
    public Builder node(String node) {
      if (node == null || node.isEmpty()) {
        throw new IllegalArgumentException("ClusterRecords: node name must be non-empty");
      }
      this.node = node;
      return this;
    }

    /**
     * How often a node tries to become leader and the leader checks its lock connection; with
     * the server's TCP keepalives it bounds failover (see the README). Default 500 ms.
     *
     * @param interval positive
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder checkInterval(Duration interval) {
      this.checkInterval = PgBuilderBase.positive("checkInterval", interval);
      return this;
    }

    /**
     * How long a follower's processing waits for a record to be published before it ends the
     * batch and tries again; default 100 ms.
     *
     * @param wait positive
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder followerWait(Duration wait) {
      this.followerWait = PgBuilderBase.positive("followerWait", wait);
      return this;
    }

    /**
     * Starts the election for this node.
     *
     * @return the records
     */
    public ClusterRecords build() {
      return new ClusterRecords(this);
    }
  }
}
