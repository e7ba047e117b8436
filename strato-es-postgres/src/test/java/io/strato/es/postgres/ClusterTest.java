package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several nodes in this JVM (threads, separate state files and connections) on one log. */
class ClusterTest extends ClusterTestBase {

  private ClusterNode leader() throws InterruptedException {
    await("a leader", 20, () -> nodes.stream().filter(n -> n.records.isLeader()).count() == 1);
    return nodes.stream().filter(n -> n.records.isLeader()).findFirst().orElseThrow();
  }

  private void assertAllEqual(long head) throws InterruptedException {
    for (ClusterNode n : nodes) {
      await(n.name + " at " + head, 30, () -> n.es.getVersion() >= head);
    }
    Map<String, Object> first = TestApp.dump(nodes.get(0).es.db());
    for (ClusterNode n : nodes.subList(1, nodes.size())) {
      assertEquals(first, TestApp.dump(n.es.db()), n.name + "'s state equals " + nodes.get(0).name + "'s");
    }
  }

  @Test
  void threeNodesDispatchConcurrentlyEachEventProcessedOnceStatesEqual() throws Exception {
    for (String s : List.of("a", "b", "c")) {
      node(s);
    }
    leader();
    int before = TestApp.REDUCED_INC.get();
    int each = 30;
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<List<Event>>> futures = new ArrayList<>();
    for (ClusterNode n : nodes) {
      futures.add(pool.submit(() -> {
        List<Event> mine = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          Event e = n.es.dispatch("inc", TestApp.inc(n.name, 1));
          // read your writes: applied on this node when dispatch returns
          assertTrue(n.es.getVersion() >= e.v(), n.name + " applied " + e.v());
          mine.add(e);
        }
        return mine;
      }));
    }
    Set<Long> versions = new HashSet<>();
    for (Future<List<Event>> f : futures) {
      for (Event e : f.get(120, TimeUnit.SECONDS)) {
        assertTrue(versions.add(e.v()));
      }
    }
    pool.shutdown();
    assertEquals(3 * each, versions.size());
    assertEquals(3 * each, TestApp.REDUCED_INC.get() - before, "every event reduced exactly once in the cluster");
    assertAllEqual(3 * each);
    assertEquals(each, TestApp.n(nodes.get(2).es, "acct", "a"));
    assertEquals(3 * each, TestApp.n(nodes.get(0).es, "tally", "total"), "followers derive too");
    for (long v = 1; v <= 3 * each; v++) {
      assertTrue(nodes.get(0).records.publishedEpoch(v) > 0, "record " + v + " published");
    }
  }

  @Test
  void whenTheLeaderDiesAnotherTakesOverAndNothingIsLostOrDoubled() throws Exception {
    for (String s : List.of("a", "b", "c")) {
      node(s);
    }
    ClusterNode old = leader();
    long oldEpoch = old.records.epoch();
    ClusterNode other = nodes.stream().filter(n -> n != old).findFirst().orElseThrow();
    for (int i = 0; i < 5; i++) {
      other.es.dispatch("inc", TestApp.inc("x", 1));
    }
    // the leader's sessions die as in a crash; its node is then shut down for good
    long t0 = System.nanoTime();
    PgTestSupport.killSessions(old.app);
    old.close();
    nodes.remove(old);
    ClusterNode next = leader();
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertNotEquals(old, next);
    assertTrue(next.records.epoch() > oldEpoch, "a new term");
    assertTrue(took < 10_000, "failover took " + took + " ms");
    int before = TestApp.REDUCED_INC.get();
    int expected = 6;
    for (ClusterNode n : nodes) {
      Event e = n.es.dispatch("inc", TestApp.inc("x", 1));
      assertEquals(expected++, e.result().path("acct").path("set").get(0).path("n").asInt(), "nothing lost");
    }
    assertEquals(2, TestApp.REDUCED_INC.get() - before);
    assertAllEqual(7);
  }
}
