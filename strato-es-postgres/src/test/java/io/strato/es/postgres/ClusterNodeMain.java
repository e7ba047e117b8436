package io.strato.es.postgres;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A cluster node in its own JVM, run by {@link ProcessClusterTest}: args schema, state file,
 * node name, count. Prints "ready", dispatches {@code count} "inc" events on its own account,
 * prints "done", then keeps polling until a line "stop V" on stdin: waits until it applied V,
 * prints "state " and its whole state, closes and exits.
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  /**
   * Entry point.
   *
   * @param args schema, state file, name, count
   * @throws Exception on any failure (the exit status is then not 0)
   */
  public static void main(String[] args) throws Exception {
    String name = args[2];
    ClusterNode node = new ClusterNode(args[0], name, Path.of(args[1]));
    System.out.println("ready");
    int count = Integer.parseInt(args[3]);
    for (int i = 0; i < count; i++) {
      node.es.dispatch("inc", TestApp.inc(name, 1));
    }
    System.out.println("done");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("stop ")) {
        long v = Long.parseLong(line.substring(5).trim());
        node.es.handledVersion(v);
        System.out.println("state " + TestApp.dump(node.es.db()));
        break;
      }
    }
    node.close();
    System.exit(0);
  }
}
