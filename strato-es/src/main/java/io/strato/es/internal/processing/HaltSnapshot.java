package io.strato.es.internal.processing;

import io.strato.queue.Event;
import java.time.Duration;
import java.util.Optional;

/**
 * What this process knows about a failed event processing is halted at (for status reports).
 *
 * @param event the failed event as last stored
 * @param attempts attempts at it in this process
 * @param nextRetry time until the next automatic attempt; empty when stopped
 * @param stopped whether the retries ran out
 */
public record HaltSnapshot(Event event, int attempts, Optional<Duration> nextRetry, boolean stopped) {}
