package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Nodes of one cluster in this JVM, each on its own schema-scoped log and state file; closed after each test. */
abstract class ClusterTestBase {
  @TempDir Path dir;
  String schema;
  final List<ClusterNode> nodes = new ArrayList<>();

  @BeforeEach
  void setUp() {
    PgTestSupport.requireServer();
    schema = PgTestSupport.newSchema();
  }

  @AfterEach
  void tearDown() {
    nodes.forEach(n -> {
      try {
        n.close();
      } catch (RuntimeException ignored) {
        // closed in the test
      }
    });
    PgTestSupport.dropSchema(schema);
  }

  ClusterNode node(String name) {
    ClusterNode n = new ClusterNode(schema, name, dir.resolve(name + ".db"));
    nodes.add(n);
    return n;
  }

  static void await(String what, long seconds, BooleanSupplier cond) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!cond.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }
}
