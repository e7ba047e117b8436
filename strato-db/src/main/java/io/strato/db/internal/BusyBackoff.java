package io.strato.db.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The pauses between {@code BEGIN IMMEDIATE} attempts while another process holds the write
 * lock: random within the upper half of a ceiling that doubles from 2 ms up to 200 ms, so that
 * competing processes do not fall into lock-step, and never longer than the time left.
 * One instance per {@code BEGIN}; not thread-safe.
 */
final class BusyBackoff {
  /** The first ceiling, in milliseconds. */
  static final long FIRST_CEILING_MS = 2;
  /** The largest ceiling, in milliseconds. */
  static final long MAX_CEILING_MS = 200;

  private long ceilingMs = FIRST_CEILING_MS;

  /**
   * The next pause; the ceiling grows for the one after.
   *
   * @param leftNanos time left until the busy timeout (positive)
   * @return milliseconds to sleep: between half the ceiling and the ceiling, at most the time
   *     left, at least 1
   */
  long nextPauseMillis(long leftNanos) {
    long pause = ThreadLocalRandom.current().nextLong(ceilingMs / 2, ceilingMs + 1);
    pause = Math.min(pause, Math.max(1, leftNanos / 1_000_000));
    ceilingMs = Math.min(ceilingMs * 2, MAX_CEILING_MS);
    return pause;
  }
}
