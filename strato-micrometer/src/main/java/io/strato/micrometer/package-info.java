/**
 * Micrometer meters for strato: {@link io.strato.micrometer.StratoMetrics} binds a {@code DB}
 * (queries, transactions, busy failures) and an {@code EventSourcingDB} (events, processing time,
 * failures, halted, lag, batches) to a {@code MeterRegistry}.
 */
package io.strato.micrometer;
