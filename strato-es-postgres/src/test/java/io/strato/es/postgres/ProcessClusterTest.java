package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes in three JVMs dispatch at once; the leader's JVM is killed with SIGKILL; another
 * node takes over, nothing is lost or applied twice, the survivors' states equal this JVM's, and
 * the killed node's state file catches up when it is opened again.
 */
class ProcessClusterTest {
  @TempDir Path dir;
  String schema;
  final Map<String, Process> kids = new LinkedHashMap<>();

  @BeforeEach
  void setUp() {
    PgTestSupport.requireServer();
    schema = PgTestSupport.newSchema();
  }

  @AfterEach
  void tearDown() {
    kids.values().forEach(Process::destroyForcibly);
    PgTestSupport.dropSchema(schema);
  }

  private Process start(String name, int count) throws IOException {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        ClusterNodeMain.class.getName(), schema, dir.resolve(name + ".db").toString(), name, String.valueOf(count));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile())
        .start();
    kids.put(name, p);
    return p;
  }

  private String out(String name) throws IOException {
    return Files.readString(dir.resolve(name + ".out"));
  }

  private void awaitLine(String name, String prefix, long seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!out(name).lines().anyMatch(l -> l.startsWith(prefix))) {
      assertTrue(kids.get(name).isAlive() || out(name).lines().anyMatch(l -> l.startsWith(prefix)),
          name + " died: " + out(name));
      assertTrue(System.nanoTime() < end, name + " did not print '" + prefix + "': " + out(name));
      Thread.sleep(50);
    }
  }

  private String leaderNode() throws Exception {
    try (Connection c = DriverManager.getConnection(PgTestSupport.url()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT node FROM " + schema + ".leader")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private long query(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(PgTestSupport.url()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void threeJvmsKillTheLeaderAnotherTakesOver() throws Exception {
    int each = 40;
    PgTestSupport.log(schema).close(); // the schema exists before the children poll it
    for (String n : List.of("a", "b", "c")) {
      start(n, each);
    }
    // kill the leader while all three are dispatching
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (query("SELECT processed_v FROM " + schema + ".leader") < 15 || !kids.containsKey(leaderNode())) {
      assertTrue(System.nanoTime() < end, "no progress: " + out("a") + out("b") + out("c"));
      Thread.sleep(20);
    }
    String killed = leaderNode();
    kids.get(killed).destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
    long t0 = System.nanoTime();
    for (String n : kids.keySet()) {
      if (!n.equals(killed)) {
        awaitLine(n, "done", 120);
      }
    }
    try (ClusterNode here = new ClusterNode(schema, "p", dir.resolve("p.db"))) {
      for (int i = 0; i < 5; i++) {
        here.es.dispatch("inc", TestApp.inc("p", 1));
      }
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(tookMs < 30_000, "after the kill, 5 dispatches took " + tookMs + " ms");
      assertTrue(!killed.equals(leaderNode()), "another node leads");
      long head = query("SELECT max(v) FROM " + schema + ".events");
      here.es.handledVersion(head);
      for (String n : List.of("a", "b", "c", "p")) {
        long asked = query("SELECT count(*) FROM " + schema + ".events WHERE type = 'inc' AND data::jsonb ->> 'id' = '"
            + n + "'");
        assertEquals(n.equals(killed) ? asked : n.equals("p") ? 5 : each, asked, "all asked events are in the log");
        assertEquals(asked, TestApp.n(here.es, "acct", n), "each event applied exactly once: " + n);
      }
      String mine = "state " + TestApp.dump(here.es.db());
      for (Map.Entry<String, Process> k : kids.entrySet()) {
        if (k.getKey().equals(killed)) {
          continue;
        }
        try (OutputStream in = k.getValue().getOutputStream()) {
          in.write(("stop " + head + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(k.getValue().waitFor(60, TimeUnit.SECONDS), k.getKey() + " stopped");
        assertEquals(0, k.getValue().exitValue(), out(k.getKey()));
        String theirs = out(k.getKey()).lines().filter(l -> l.startsWith("state ")).findFirst().orElseThrow();
        assertEquals(mine, theirs, k.getKey() + "'s state equals this node's");
      }
      // the killed node's file, opened again, applies what it missed
      try (ClusterNode back = new ClusterNode(schema, killed, dir.resolve(killed + ".db"))) {
        back.es.handledVersion(head);
        assertEquals(mine, "state " + TestApp.dump(back.es.db()));
      }
    }
  }
}
