package io.strato.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pauses between {@code BEGIN IMMEDIATE} attempts: random within the upper half of a
 * ceiling doubling 2, 4, ... 128, then capped at 200 ms; never longer than the time left to
 * the busy timeout and never zero (a zero pause would spin on the lock).
 */
class BusyBackoffTest {
  private static final long PLENTY = 60_000_000_000L; // 60 s left

  @Test
  void pausesStayInTheUpperHalfOfADoublingCeilingCappedAt200Ms() {
    for (int run = 0; run < 200; run++) {
      BusyBackoff b = new BusyBackoff();
      long ceiling = 2;
      for (int attempt = 1; attempt <= 12; attempt++) {
        long pause = b.nextPauseMillis(PLENTY);
        assertTrue(pause >= ceiling / 2 && pause <= ceiling,
            "attempt " + attempt + ": pause " + pause + " outside [" + ceiling / 2 + ", " + ceiling + "]");
        ceiling = Math.min(ceiling * 2, 200);
      }
    }
  }

  @Test
  void pausesAreJitteredSoCompetingProcessesDoNotRetryInLockStep() {
    Set<Long> seen = new HashSet<>();
    for (int run = 0; run < 50; run++) {
      BusyBackoff b = new BusyBackoff();
      for (int i = 0; i < 9; i++) {
        b.nextPauseMillis(PLENTY);
      }
      seen.add(b.nextPauseMillis(PLENTY)); // at the 200 ms cap: anywhere in [100, 200]
    }
    assertTrue(seen.size() > 5, "pauses at the cap should vary, got " + seen);
  }

  @Test
  void aPauseNeverOutlastsTheTimeLeft() {
    for (int run = 0; run < 100; run++) {
      BusyBackoff b = new BusyBackoff();
      for (int i = 0; i < 8; i++) {
        b.nextPauseMillis(PLENTY); // ceiling now 200: an unbounded pause would be >= 100
      }
      assertTrue(b.nextPauseMillis(7_500_000L) <= 7, "7.5 ms left");
    }
  }

  @Test
  void lessThanAMillisecondLeftStillPausesOneMillisecond() {
    BusyBackoff b = new BusyBackoff();
    for (int i = 0; i < 5; i++) {
      b.nextPauseMillis(PLENTY);
    }
    assertEquals(1, b.nextPauseMillis(400_000L));
    assertEquals(1, b.nextPauseMillis(1L));
  }
}
