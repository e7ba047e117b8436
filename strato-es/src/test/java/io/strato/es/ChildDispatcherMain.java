package io.strato.es;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a second JVM by {@link MultiProcessTest}: dispatches n "inc" events into the given
 * file and prints "done" (exit code 0) when every one was processed.
 */
public final class ChildDispatcherMain {
  private ChildDispatcherMain() {}

  /**
   * Entry point.
   *
   * @param args the state file and the number of events
   */
  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).reducer(MultiProcessTest.counter())
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).build()) {
      for (int i = 0; i < n; i++) {
        es.dispatch("inc", java.util.Map.of("from", "child", "i", i));
      }
    }
    System.out.println("done");
  }
}
