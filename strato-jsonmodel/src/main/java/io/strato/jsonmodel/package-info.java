/**
 * JSON documents in SQLite tables: {@link io.strato.jsonmodel.JsonModel} stores items of a
 * Jackson-mapped class (or {@code ObjectNode}s) in one table, with real and virtual columns,
 * indexes, searches with keyset paging, full-text search and a batching cache.
 *
 * <h2>Map of the types</h2>
 * <table>
 * <caption>Types of io.strato.jsonmodel</caption>
 * <tr><th>type</th><th>what it is</th></tr>
 * <tr><td>{@link io.strato.jsonmodel.DocumentModel}</td><td>what code uses a document model through: reads, searches, writes; JsonModel and ESModel implement it</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.JsonModel}</td><td>the model: reads, searches, writes in one SQLite table; ESModel extends it, EventQueue keeps one as its table</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.ModelConfig}</td><td>the model's definition (name, item class, id, columns, migrations), built fluently</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.ColumnDef}</td><td>one column's options, written fluently ({@code column().type(TEXT).index(…)})</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.Column}</td><td>a column as resolved from its definition: name, type, real, path, index, match mode</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.ColumnType}, {@link io.strato.jsonmodel.IndexKind}, {@link io.strato.jsonmodel.MatchMode}</td><td>SQLite column types; index kinds; how searching a column matches a value</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.WriteOptions}</td><td>insertOnly / upsert / noReturn for set and update</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.ValueFunction}, {@link io.strato.jsonmodel.WhereFunction}</td><td>computed column values; search conditions as functions</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.SearchOptions}</td><td>search options: where, join, sort, relevance, snippets, limit, cursor, …</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.Page}, {@link io.strato.jsonmodel.Hit}</td><td>a page of results with cursors and total; an item with its full-text scores and snippets</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.SelectQuery}</td><td>the SQL of a search, as {@code makeSelect} builds it</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.LoaderCache}</td><td>the per-request cache of {@code getCached}</td></tr>
 * <tr><td>{@link io.strato.jsonmodel.ModelMigration}, {@link io.strato.jsonmodel.MigrationContext}</td><td>a model's own migrations and what they get</td></tr>
 * </table>
 *
 * <p>Everything under {@code io.strato.jsonmodel.internal} (SQL building, row mapping, cursors,
 * full-text SQL, the read/search/write parts JsonModel delegates to) is exported to
 * {@code io.strato.es} only (its ESModel reads the resolved id column through
 * {@code ResolvedColumns}); see the module's README for its layout.
 */
package io.strato.jsonmodel;
