package io.strato.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Test helper run in a separate OS process: holds a write lock ({@code BEGIN IMMEDIATE}) on a
 * database file for some milliseconds, so tests can see how a {@link DB} copes with another
 * process. Usage: {@code LockHolderMain <file> <millis> [sql to run inside the transaction]}.
 * Prints {@code LOCKED} once it holds the lock and {@code RELEASED} after committing.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  /**
   * Entry point.
   *
   * @param args file, millis, optional SQL
   * @throws Exception on any failure (exit code 1)
   */
  public static void main(String[] args) throws Exception {
    String file = args[0];
    long millis = Long.parseLong(args[1]);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000");
      st.execute("BEGIN IMMEDIATE");
      if (args.length > 2) {
        st.execute(args[2]);
      }
      System.out.println("LOCKED");
      System.out.flush();
      Thread.sleep(millis);
      st.execute("COMMIT");
      System.out.println("RELEASED");
      System.out.flush();
    } catch (SQLException e) {
      System.out.println("ERROR " + e);
      System.out.flush();
      System.exit(1);
    }
  }
}
