package io.strato.es;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a second JVM by {@link OpsRebuildTest}: rebuilds model "acc" of the given file with
 * factor 2 and a slow reducer, creating the marker file once the replay started, so the parent
 * can kill it (kill -9) in the middle of the rebuild.
 */
public final class RebuildChildMain {
  private RebuildChildMain() {}

  /**
   * Entry point.
   *
   * @param args the state file and the marker file
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    Path marker = Path.of(args[1]);
    OpsRebuildTest.FACTOR.set(2);
    OpsRebuildTest.ON_REDUCE.set(() -> {
      try {
        if (!Files.exists(marker)) {
          Files.createFile(marker);
        }
        Thread.sleep(5);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try (EventSourcingDB es = OpsRebuildTest.builder(file).build()) {
      es.operations().rebuild("acc");
    }
    System.out.println("rebuild finished (it should have been killed)");
  }
}
