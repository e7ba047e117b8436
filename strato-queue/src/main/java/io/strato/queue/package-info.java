/**
 * The ordered event log: {@link io.strato.queue.EventQueue} appends events with increasing
 * versions and lets a consumer wait for the next one.
 *
 * <h2>Map of the types</h2>
 * <table>
 * <caption>Types of io.strato.queue</caption>
 * <tr><th>type</th><th>what it is</th></tr>
 * <tr><td>{@link io.strato.queue.EventQueue}</td><td>the log: {@code add}, {@code getNext} (waiting), {@code getMaxV}, processed results</td></tr>
 * <tr><td>{@link io.strato.queue.QueueConfig}</td><td>the queue's table name, views, extra columns and poll interval</td></tr>
 * <tr><td>{@link io.strato.queue.Event}</td><td>one event: version, type, timestamp, data, and once processed its result or error and sub-events</td></tr>
 * <tr><td>{@link io.strato.queue.SubEventStorage}</td><td>where processed sub-events are kept (the three layouts strato-db for JavaScript writes)</td></tr>
 * </table>
 *
 * <p>{@code io.strato.queue.internal} (schema and statements) is not exported.
 */
package io.strato.queue;
