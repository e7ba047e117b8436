package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.StratoException;
import io.strato.es.EventFailedException;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fencing, lost connections, downtime and an unreachable server. */
class FailureModesTest extends ClusterTestBase {

  private static int n(Event e) {
    return e.result().path("acct").path("set").get(0).path("n").asInt();
  }

  @Test
  void aStaleLeaderCannotPublishAndItsWorkRollsBack() throws Exception {
    ClusterNode a = node("a");
    await("a leads", 20, a.records::isLeader);
    assertEquals(1, n(a.es.dispatch("inc", TestApp.inc("k", 1))));
    long e1 = a.records.epoch();
    assertEquals(e1, a.records.publishedEpoch(1));
    // Another term begins behind a's back (as if a's lock had been lost and taken over).
    PgTestSupport.exec("UPDATE " + schema + ".leader SET epoch = epoch + 1");
    try (PublishedRecords direct = new PublishedRecords(a.log.settings(), "stale")) {
      Event fake = new Event(2, "inc", 1, TestApp.inc("k", 100), null, null, null, null);
      assertFalse(direct.publish(e1, fake), "the old epoch is fenced out");
    }
    int before = TestApp.REDUCED_INC.get();
    Event second = a.es.dispatch("inc", TestApp.inc("k", 1));
    assertEquals(2, n(second), "the fenced attempt left nothing behind");
    assertTrue(TestApp.REDUCED_INC.get() - before >= 2, "reduced once under the stale epoch, again after re-election");
    assertTrue(a.records.publishedEpoch(2) > e1 + 1, "published under a newer term than the one that fenced it");
    assertEquals(2, TestApp.n(a.es, "acct", "k"));
    assertEquals(2, a.es.getVersion());
  }

  @Test
  void lostConnectionsAreReopened() throws Exception {
    ClusterNode a = node("a");
    ClusterNode b = node("b");
    await("a leader", 20, () -> a.records.isLeader() || b.records.isLeader());
    assertEquals(1, n(a.es.dispatch("inc", TestApp.inc("k", 1))));
    for (int round = 0; round < 2; round++) {
      PgTestSupport.killSessions(a.app);
      PgTestSupport.killSessions(b.app);
      assertEquals(2 + 2 * round, n(a.es.dispatch("inc", TestApp.inc("k", 1))));
      assertEquals(3 + 2 * round, n(b.es.dispatch("inc", TestApp.inc("k", 1))));
    }
    await("b at 5", 20, () -> b.es.getVersion() == 5 && a.es.getVersion() == 5);
    assertEquals(TestApp.dump(a.es.db()), TestApp.dump(b.es.db()));
  }

  @Test
  void aNodeThatWasDownCatchesUpWithoutReducing() throws Exception {
    ClusterNode a = node("a");
    ClusterNode b = node("b");
    await("a leads", 20, a.records::isLeader);
    a.es.dispatch("inc", TestApp.inc("k", 1));
    await("b applied", 20, () -> b.es.getVersion() == 1);
    b.close();
    nodes.remove(b);
    for (int i = 0; i < 20; i++) {
      a.es.dispatch("inc", TestApp.inc("k", 1));
    }
    int before = TestApp.REDUCED_INC.get();
    ClusterNode back = node("b");
    assertEquals(1, back.es.getVersion(), "the state file kept what it had");
    assertEquals(21, back.es.handledVersion(21).v());
    assertEquals(before, TestApp.REDUCED_INC.get(), "the follower applied the published records");
    assertEquals(TestApp.dump(a.es.db()), TestApp.dump(back.es.db()));
    assertEquals(21, TestApp.n(back.es, "acct", "k"));
  }

  @Test
  void aFailureOnTheLeaderFailsTheDispatchOnAFollowerUntilFixed() throws Exception {
    ClusterNode a = node("a");
    await("a leads", 20, a.records::isLeader);
    ClusterNode b = node("b");
    TestApp.BOOM.set(true);
    try {
      EventFailedException failed = assertThrows(EventFailedException.class, () -> b.es.dispatch("boom", null));
      assertTrue(failed.event().error().toString().contains("boom while BOOM is set"), failed.event().toString());
      assertEquals(0, b.es.getVersion(), "nothing applied on the follower");
    } finally {
      TestApp.BOOM.set(false);
    }
    // The fix reaches the follower through the leader: wait until the leader got past the event
    // (its handledVersion retries at once), then the follower applies the published record.
    assertEquals(1, a.es.handledVersion(1).v(), "the leader processes it once fixed");
    assertEquals(1, b.es.handledVersion(1).v(), "processed once the leader got past it");
    assertEquals(2, n(b.es.dispatch("inc", TestApp.inc("k", 2))) , "the log goes on");
    await("a at 2", 20, () -> a.es.getVersion() == 2);
    assertEquals(TestApp.dump(a.es.db()), TestApp.dump(b.es.db()));
  }

  @Test
  void anUnreachableServerIsAClearError() {
    StratoException e = assertThrows(StratoException.class, () -> PostgresEventLog.builder()
        .url("jdbc:postgresql://127.0.0.1:1/test?user=postgres").connectTimeout(Duration.ofSeconds(1))
        .schema(schema).build());
    assertTrue(e.getMessage().contains("127.0.0.1:1") && e.getMessage().contains(schema), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PostgresEventLog.builder().schema("Bad-Name"));
    assertThrows(IllegalArgumentException.class, () -> PostgresEventLog.builder().url("jdbc:sqlite:x"));
    assertThrows(IllegalArgumentException.class, () -> PostgresEventLog.builder().build());
  }
}
