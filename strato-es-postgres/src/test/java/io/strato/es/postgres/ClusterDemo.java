package io.strato.es.postgres;

import io.strato.queue.Event;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cluster demo: three nodes (in this JVM, each with its own state file and connections) on one
 * log; each dispatches, the leader steps down, another takes over, all states end equal. Run
 * with {@code java -cp <test class path> io.strato.es.postgres.ClusterDemo}; it uses
 * {@code STRATO_PG_URL} (or the local default) and drops its schema at the end.
 */
public final class ClusterDemo {
  private ClusterDemo() {}

  private static String leader(ClusterNode... nodes) {
    for (ClusterNode n : nodes) {
      if (n.records.isLeader()) {
        return n.name + " (epoch " + n.records.epoch() + ")";
      }
    }
    return "none yet";
  }

  /**
   * Entry point.
   *
   * @param args none
   * @throws Exception when anything fails
   */
  public static void main(String[] args) throws Exception {
    String schema = PgTestSupport.newSchema();
    Path dir = Files.createTempDirectory("strato-cluster-demo");
    try (ClusterNode a = new ClusterNode(schema, "a", dir.resolve("a.db"));
        ClusterNode b = new ClusterNode(schema, "b", dir.resolve("b.db"));
        ClusterNode c = new ClusterNode(schema, "c", dir.resolve("c.db"))) {
      Thread.sleep(1000);
      System.out.println("leader: " + leader(a, b, c));
      for (ClusterNode n : new ClusterNode[] {a, b, c}) {
        Event e = n.es.dispatch("inc", TestApp.inc("demo", 1));
        System.out.println(n.name + " dispatched v" + e.v() + " -> " + e.result() + "; applied here: "
            + (n.es.getVersion() >= e.v()));
      }
      ClusterNode lead = a.records.isLeader() ? a : b.records.isLeader() ? b : c;
      lead.records.stepDown();
      System.out.println(lead.name + " stepped down");
      Thread.sleep(1500);
      System.out.println("leader: " + leader(a, b, c));
      Event e = lead.es.dispatch("inc", TestApp.inc("demo", 1));
      System.out.println(lead.name + " (now a follower) dispatched v" + e.v() + " -> " + e.result());
      for (ClusterNode n : new ClusterNode[] {a, b, c}) {
        n.es.handledVersion(e.v());
        System.out.println(n.name + ": version " + n.es.getVersion() + ", demo = " + TestApp.n(n.es, "acct", "demo")
            + ", same state as a: " + TestApp.dump(n.es.db()).equals(TestApp.dump(a.es.db())));
      }
    } finally {
      PgTestSupport.dropSchema(schema);
    }
  }
}
