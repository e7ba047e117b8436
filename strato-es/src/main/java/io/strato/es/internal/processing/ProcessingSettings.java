package io.strato.es.internal.processing;

import io.strato.es.ProcessingListener;
import java.time.Duration;
import java.util.List;

/**
 * Processing settings.
 *
 * @param batchSize the most events per transaction (1 = one transaction per event)
 * @param backoffInitial the first retry delay after a failure
 * @param backoffMax the longest retry delay
 * @param maxRetries attempts at a failing event before processing stops until restarted
 * @param maxDepth the deepest sub-event nesting
 * @param listeners told about batches, events, failures and lag, after the commit
 */
public record ProcessingSettings(int batchSize, Duration backoffInitial, Duration backoffMax, int maxRetries, int maxDepth,
    List<ProcessingListener> listeners) {}
