/**
 * strato-es: an event-sourcing database ("server-side Redux") on SQLite.
 *
 * <ul>
 *   <li>{@link io.strato.es.EventSourcingDB}: the database; dispatch events, wait for versions,
 *       poll; built with {@link io.strato.es.EventSourcingDB.Builder}.</li>
 *   <li>{@link io.strato.es.ESModel}: a document model whose writes become events; it writes
 *       through a small {@link io.strato.es.EventDispatcher}, with
 *       {@link io.strato.jsonmodel.WriteOptions}; {@link io.strato.es.WriteAction} names the
 *       action stored in its {@code es/<name>} events.</li>
 *   <li>{@link io.strato.es.ProcessingListener}: metrics and tracing hook, called after each
 *       commit.</li>
 *   <li>{@link io.strato.es.Operations} ({@code es.operations()}): history operations for
 *       operators — {@link io.strato.es.Status}, paged {@link io.strato.es.HistoryFilter history},
 *       retry, replace, skip, rebuild, replay, {@link io.strato.es.VerifyReport verify}, snapshot,
 *       prune, export/import, with {@link io.strato.es.Progress} callbacks.</li>
 *   <li>Outcomes: {@link io.strato.es.EventRejectedException} (a model said no; processed,
 *       nothing applied), {@link io.strato.es.EventFailedException} (a bug; the event stays
 *       queued and processing halts), {@link io.strato.es.ProcessingHaltedException} (fail fast
 *       while halted).</li>
 * </ul>
 *
 * <p>Models and their phases implement {@link io.strato.es.spi}; where events are kept is the
 * seam in {@link io.strato.es.log}.
 */
package io.strato.es;
