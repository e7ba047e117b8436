package io.strato.es.internal.processing;

import io.strato.es.ProcessingListener;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the {@link ProcessingListener}s, each call isolated: a listener that throws is logged and
 * ignored, so it can never change the outcome of processing.
 */
final class ListenerCalls {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerCalls.class);
  private final String name;
  private final List<ProcessingListener> listeners;
  private long lastLag = -1;

  ListenerCalls(String name, List<ProcessingListener> listeners) {
    this.name = name;
    this.listeners = List.copyOf(listeners);
  }

  boolean isEmpty() {
    return listeners.isEmpty();
  }

  void batchCommitted(int events, long nanos) {
    each(l -> l.batchCommitted(events, nanos));
  }

  void eventProcessed(Event e, long nanos) {
    each(l -> l.eventProcessed(e, nanos));
  }

  void eventFailed(Event e, int attempt, Duration nextRetry, boolean stopped) {
    each(l -> l.eventFailed(e, attempt, nextRetry, stopped));
  }

  /** Tells the listeners the lag when it differs from the last one told (called with the lock held). */
  void lag(long behind) {
    if (behind != lastLag) {
      lastLag = behind;
      each(l -> l.lagChanged(behind));
    }
  }

  private void each(Consumer<ProcessingListener> call) {
    for (ProcessingListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException | LinkageError e) {
        LOG.error("EventSourcingDB '{}': processing listener {} failed; ignored", name, l, e);
      }
    }
  }
}
