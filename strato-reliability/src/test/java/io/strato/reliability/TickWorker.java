package io.strato.reliability;

import io.strato.es.EventSourcingDB;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM of {@link MultiProcessTest}: {@code TickWorker <file> <worker> <n>}. Prints
 * {@code STARTED}, waits for {@code GO} on stdin, then opens the shared file (all workers at
 * once, migrations included) and dispatches n {@code tick} events one after the other. Exits 0
 * after {@code DONE}; any exception (SQLITE_BUSY included) exits 1 with its stack trace.
 */
public final class TickWorker {
  private TickWorker() {}

  public static void main(String[] args) {
    try {
      Path file = Path.of(args[0]);
      int worker = Integer.parseInt(args[1]);
      int n = Integer.parseInt(args[2]);
      System.out.println("STARTED");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String go = in.readLine();
      if (!"GO".equals(go)) {
        throw new IllegalStateException("expected GO, got " + go);
      }
      long t0 = System.nanoTime();
      try (EventSourcingDB es = Bank.builder(file).build()) {
        for (int i = 0; i < n; i++) {
          var e = es.dispatch("tick", Bank.M.createObjectNode().put("worker", worker).put("seq", i));
          if (e.result() == null) {
            throw new IllegalStateException("tick " + i + " has no result: " + e);
          }
        }
        System.out.println("DONE worker=" + worker + " ms=" + (System.nanoTime() - t0) / 1_000_000);
      }
      System.out.flush();
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }
}
