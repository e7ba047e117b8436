package io.strato.es;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Run in a second JVM by {@link PreprocessOnceTest}: with the history in its own queue file,
 * queues a $5 deposit and an event whose reducer halts the JVM (exit code 9, like kill -9), so
 * the deposit's processed form reaches the queue file and the state transaction never commits.
 */
public final class PreprocessCrashMain {
  private PreprocessCrashMain() {}

  /**
   * Entry point.
   *
   * @param args the directory of the state and queue files
   */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    try (EventSourcingDB es = PreprocessOnceTest.bank(Es.builder(dir).queueFile(dir.resolve("queue.db")),
        new AtomicBoolean(true), true).build()) {
      es.open();
      es.queue().add("deposit", Map.of("cents", 5));
      es.queue().add("crash", null);
      es.waitForQueue();
    }
    System.out.println("not halted");
  }
}
