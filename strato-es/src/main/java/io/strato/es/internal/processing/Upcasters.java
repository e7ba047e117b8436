package io.strato.es.internal.processing;

import io.strato.es.spi.Upcaster;
import io.strato.queue.Event;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registered {@link Upcaster}s by type: rewrites a stored main event before preprocess,
 * following chains (v1 → v2 → v3) for at most {@link #MAX_STEPS} steps. Immutable.
 */
public final class Upcasters {
  /** The longest chain followed. */
  public static final int MAX_STEPS = 16;
  /** No upcasters. */
  public static final Upcasters NONE = new Upcasters(List.of());

  private final Map<String, Upcaster> byType = new HashMap<>();

  /**
   * Indexes the upcasters.
   *
   * @param upcasters the upcasters
   * @throws IllegalArgumentException for an empty type, or two upcasters of one type (naming both)
   */
  public Upcasters(List<Upcaster> upcasters) {
    for (Upcaster u : upcasters) {
      String t = u.type();
      if (t == null || t.isEmpty()) {
        throw new IllegalArgumentException("EventSourcingDB: upcaster " + u.getClass().getName()
            + " must name a non-empty type");
      }
      Upcaster prev = byType.putIfAbsent(t, u);
      if (prev != null && prev.getClass() != u.getClass()) {
        throw new IllegalArgumentException("EventSourcingDB: type '" + t + "' has two upcasters: "
            + prev.getClass().getName() + " and " + u.getClass().getName());
      }
    }
  }

  /**
   * Whether there are none.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return byType.isEmpty();
  }

  /**
   * Rewrites the event.
   *
   * @param e the event as stored (result etc. cleared)
   * @return the event to process (the same instance when no upcaster applies)
   * @throws UpcastException when an upcaster throws or breaks the rules
   */
  Event apply(Event e) {
    Event cur = e;
    for (int step = 0; step < MAX_STEPS; step++) {
      Upcaster u = byType.get(cur.type());
      if (u == null) {
        return cur;
      }
      Event out;
      try {
        out = u.upcast(cur);
      } catch (Exception ex) {
        throw new UpcastException("_upcast_" + cur.type(), ex);
      }
      if (out == null) {
        return cur;
      }
      if (out.v() != cur.v() || out.type() == null || out.type().isEmpty()) {
        throw new UpcastException("_upcast_" + cur.type(), new IllegalStateException(
            "upcaster " + u.getClass().getName() + " must keep v " + cur.v() + " and return a non-empty type"));
      }
      boolean sameType = out.type().equals(cur.type());
      cur = ProcessedEvents.preprocessed(cur, out.type(), out.data());
      if (sameType) {
        return cur;
      }
    }
    if (!byType.containsKey(cur.type())) {
      return cur; // a chain of exactly MAX_STEPS steps
    }
    throw new UpcastException("_upcast_" + e.type(), new IllegalStateException(
        "upcasters of '" + e.type() + "' chain more than " + MAX_STEPS + " steps (a loop?)"));
  }

  /** An upcaster failed: {@link #key} is the event's error key. */
  static final class UpcastException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String key;

    UpcastException(String key, Throwable cause) {
      super(cause.getMessage(), cause);
      this.key = key;
    }
  }
}
