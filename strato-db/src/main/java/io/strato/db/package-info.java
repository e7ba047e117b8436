/**
 * SQLite made pleasant: one {@link io.strato.db.DB} per file, with a writer connection and a
 * pool of readers, SQL helpers, cached prepared statements, transactions, migrations and a
 * registry of models. Usable alone, without Jackson.
 *
 * <h2>Map of the types</h2>
 * <table>
 * <caption>Types of io.strato.db</caption>
 * <tr><th>type</th><th>what it is</th></tr>
 * <tr><td>{@link io.strato.db.DB}</td><td>the database: open/close, {@code all}/{@code get}/{@code run}/{@code exec}/{@code each},
 *     {@code prepare}, {@code withTransaction}, migrations, models, listeners; built with {@code DB.builder()}</td></tr>
 * <tr><td>{@link io.strato.db.Sql}</td><td>SQL text with bound parameters, built fluently; identifier quoting</td></tr>
 * <tr><td>{@link io.strato.db.Statement}</td><td>a prepared statement cached per SQL text</td></tr>
 * <tr><td>{@link io.strato.db.Row}, {@link io.strato.db.RunResult}</td><td>a result row; the last id and change count of a write</td></tr>
 * <tr><td>{@link io.strato.db.TxBody}, {@link io.strato.db.TxRunnable}</td><td>transaction bodies, with and without a result</td></tr>
 * <tr><td>{@link io.strato.db.Migration}</td><td>one migration step, registered per group and key</td></tr>
 * <tr><td>{@link io.strato.db.MigrationInterceptor}</td><td>set-up around the migration batch of each open
 *     (e.g. letting event-sourced models be written by migrations)</td></tr>
 * <tr><td>{@link io.strato.db.DBModel}</td><td>what a model registered on a DB implements (JsonModel does)</td></tr>
 * <tr><td>{@link io.strato.db.DBListener}, {@link io.strato.db.QueryEvent}</td><td>transaction and query callbacks, e.g. for tracing</td></tr>
 * <tr><td>{@link io.strato.db.StratoException}, {@link io.strato.db.DBException}</td><td>state and storage failures; SQLite
 *     errors with their result code and SQL</td></tr>
 * </table>
 *
 * <p>Everything under {@code io.strato.db.internal} is the implementation (connections,
 * binding, statement cache, housekeeping) and is not exported.
 */
package io.strato.db;
