package io.strato.es.internal.ops;

import io.strato.db.StratoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one rebuild per state file: a set of running rebuilds in this JVM plus an OS file
 * lock on {@code <state file>.rebuild.lock} for other processes (released by the OS when a
 * process dies, so a killed rebuild never blocks the next one).
 */
final class RebuildLock implements AutoCloseable {
  private static final Set<String> RUNNING = ConcurrentHashMap.newKeySet();

  private final String key;
  private final FileChannel channel;
  private final FileLock lock;

  private RebuildLock(String key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock or fails at once.
   *
   * @param name the DB's name, for the message
   * @param stateFile the state file, or null for an in-memory DB
   * @param identity the DB object (the key of an in-memory DB)
   * @return the lock; close it when done
   * @throws StratoException when another rebuild holds it
   */
  static RebuildLock take(String name, Path stateFile, Object identity) {
    String key = stateFile == null ? "memory:" + System.identityHashCode(identity)
        : stateFile.toAbsolutePath().normalize().toString();
    if (!RUNNING.add(key)) {
      throw busy(name);
    }
    if (stateFile == null) {
      return new RebuildLock(key, null, null);
    }
    Path lockFile = stateFile.resolveSibling(stateFile.getFileName() + ".rebuild.lock");
    FileChannel ch = null;
    try {
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        throw busy(name);
      }
      return new RebuildLock(key, ch, l);
    } catch (IOException | OverlappingFileLockException e) {
      closeQuietly(ch);
      RUNNING.remove(key);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("EventSourcingDB '" + name + "': cannot open the rebuild lock " + lockFile, io);
      }
      throw busy(name);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      RUNNING.remove(key);
      throw e;
    }
  }

  private static StratoException busy(String name) {
    return new StratoException("EventSourcingDB '" + name + "': another rebuild of this state file is running"
        + " (in this or another process); wait for it to finish");
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (IOException ignored) {
      // the channel's close releases it too
    } finally {
      closeQuietly(channel);
      RUNNING.remove(key);
    }
  }
}
