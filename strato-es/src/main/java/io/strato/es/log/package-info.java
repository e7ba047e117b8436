/**
 * The event log as a seam (SPEC §8): where events are appended and read in order, apart from
 * what each node made of them.
 *
 * <ul>
 *   <li>{@link io.strato.es.log.EventLog}: the shared, ordered, gapless history (append, read
 *       in batches, bounded wait, wake, head).</li>
 *   <li>{@link io.strato.es.log.ProcessedRecords}: each node's outcome per event (result, error,
 *       processed sub-events).</li>
 *   <li>{@link io.strato.es.log.SqliteEventLog}: both in one SQLite {@code history} table, the
 *       default.</li>
 * </ul>
 */
package io.strato.es.log;
