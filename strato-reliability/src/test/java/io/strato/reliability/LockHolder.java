package io.strato.reliability;

import io.strato.db.DB;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM of {@link StorageFaultTest}: {@code LockHolder <file>} takes the write lock
 * ({@code BEGIN IMMEDIATE} through {@link DB#withTransaction}), prints {@code LOCKED}, holds it
 * until a line {@code RELEASE} arrives on stdin, commits and prints {@code RELEASED}.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (DB db = DB.builder().file(Path.of(args[0])).name("lock-holder").build()) {
      db.withTransaction(() -> {
        db.run("CREATE TABLE IF NOT EXISTS lockholder(x)");
        db.run("INSERT INTO lockholder VALUES (1)");
        System.out.println("LOCKED");
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null && !line.equals("RELEASE")) {
          // wait
        }
      });
    }
    System.out.println("RELEASED");
    System.out.flush();
    in.readLine(); // stay alive until the parent closes stdin or kills us
  }
}
