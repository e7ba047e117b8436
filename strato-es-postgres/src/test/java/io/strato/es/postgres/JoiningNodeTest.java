package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.StratoException;
import io.strato.es.EventSourcingDB;
import io.strato.es.VersionTimeoutException;
import io.strato.es.spi.NewEvent;
import io.strato.queue.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Nodes joining a running cluster: from a snapshot of another node's state, with a state ahead
 * of the published records, and a follower's bounded wait for a version.
 */
class JoiningNodeTest extends ClusterTestBase {

  private ClusterNode nodeOn(String name, Path file, boolean poll) {
    ClusterNode n = new ClusterNode(schema, name, file, poll);
    nodes.add(n);
    return n;
  }

  private static int n(Event e) {
    return e.result().path("acct").path("set").get(0).path("n").asInt();
  }

  @Test
  void aNewNodeStartsFromASnapshotAndAppliesOnlyTheRest() throws Exception {
    ClusterNode a = node("a");
    await("a leads", 20, a.records::isLeader);
    List<NewEvent> first = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      first.add(new NewEvent("inc", TestApp.inc("k" + i % 7, 1)));
    }
    a.log.appendAll(first);
    assertEquals(200, a.es.handledVersion(200).v());
    Path snapshot = dir.resolve("snapshot-of-a.db");
    assertEquals(200, a.es.operations().snapshot(snapshot));
    for (int i = 0; i < 25; i++) {
      a.es.dispatch("inc", TestApp.inc("k" + i % 7, 1)); // the cluster goes on meanwhile
    }
    Path cFile = dir.resolve("c.db");
    Files.copy(snapshot, cFile);
    ClusterNode c = nodeOn("c", cFile, false);
    assertEquals(200, c.es.getVersion(), "starts at the snapshot's version");
    List<Long> applied = Collections.synchronizedList(new ArrayList<>());
    c.es.onResult(e -> applied.add(e.v()));
    int reduced = TestApp.REDUCED_INC.get();
    c.es.startPolling();
    for (int i = 0; i < 25; i++) {
      Event e = c.es.dispatch("inc", TestApp.inc("c", 1)); // read your writes on the new node
      assertEquals(i + 1, n(e));
      assertTrue(c.es.getVersion() >= e.v());
    }
    assertEquals(25, TestApp.REDUCED_INC.get() - reduced, "only the leader reduced c's 25 dispatches");
    await("a at 250", 20, () -> a.es.getVersion() == 250);
    // the poller may hand c's last event to its dispatcher before it tells the listeners
    await("c's listener saw 250", 20, () -> applied.size() >= 50);
    assertEquals(LongStream.rangeClosed(201, 250).boxed().toList(), List.copyOf(applied),
        "c applied every record after the snapshot, once, in order, and none before it");
    Map<String, Object> da = TestApp.dump(a.es.db());
    da.remove("{sdb} snapshots"); // a's record of the snapshot it took
    assertEquals(da, TestApp.dump(c.es.db()), "c's state equals a's");
    assertEquals(200 / 7 + 1 + 4, TestApp.n(c.es, "acct", "k0"));
    assertEquals(250, TestApp.n(c.es, "tally", "total"));
  }

  @Test
  void aStateAheadOfThePublishedRecordsIsAClearErrorUntilTheClusterCatchesUp() throws Exception {
    Path soloFile = dir.resolve("solo.db");
    // a state built on its own: one node reducing every event of the shared log, publishing nothing
    try (PostgresEventLog log = PgTestSupport.log(schema);
        EventSourcingDB solo = TestApp.builder(soloFile).eventLog(log).processedRecords(new SqliteProcessedRecords(log))
            .build()) {
      for (int i = 0; i < 3; i++) {
        solo.dispatch("inc", TestApp.inc("k", 1));
      }
    }
    ClusterNode s = nodeOn("solo", soloFile, false);
    await("solo leads", 20, s.records::isLeader);
    StratoException e = assertThrows(StratoException.class, () -> s.es.dispatch("inc", TestApp.inc("k", 1)));
    assertTrue(e.getMessage().contains("at version 3") && e.getMessage().contains("only up to version 0")
        && e.getMessage().contains("snapshot of a node of this cluster"), e.getMessage());
    assertEquals(-1, s.records.publishedEpoch(4), "nothing published");
    assertEquals(3, s.es.getVersion());
    // A node with an empty state joins: it leads (the ahead node steps down each time it wins)
    // and publishes 1..4; from then on the ahead node follows.
    s.es.startPolling();
    ClusterNode b = node("b");
    await("b leads", 30, b.records::isLeader);
    assertEquals(4, n(b.es.handledVersion(4)), "b reduced the whole log, the failed dispatch's event too");
    assertEquals(4, s.es.handledVersion(4, Duration.ofSeconds(20)).v(), "the ahead node applies b's record 4");
    assertEquals(5, n(s.es.dispatch("inc", TestApp.inc("k", 1))));
    await("b at 5", 20, () -> b.es.getVersion() == 5);
    assertEquals(TestApp.dump(b.es.db()), TestApp.dump(s.es.db()));
  }

  @Test
  void aFollowerWaitsForAVersionAtMostTheTimeout() throws Exception {
    ClusterNode a = node("a");
    await("a leads", 20, a.records::isLeader);
    a.es.stopPolling(); // the leader processes only when asked: the follower must wait for it
    ClusterNode b = node("b");
    long v = b.log.append("inc", TestApp.inc("k", 1), 0).v();
    long t0 = System.nanoTime();
    VersionTimeoutException e = assertThrows(VersionTimeoutException.class,
        () -> b.es.handledVersion(v, Duration.ofMillis(300)));
    long took = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(took >= 290 && took < 10_000, "took " + took + " ms");
    assertEquals(v, e.version());
    assertEquals(0, e.handledVersion());
    assertEquals(0, b.es.getVersion(), "nothing applied without a record");
    assertEquals(1, n(a.es.handledVersion(v)), "the leader processes and publishes it");
    Event got = b.es.handledVersion(v, Duration.ofSeconds(20));
    assertEquals(1, n(got));
    assertEquals(v, b.es.getVersion(), "applied on the follower when it returns");
    assertNotEquals(-1, a.records.publishedEpoch(v));
  }
}
