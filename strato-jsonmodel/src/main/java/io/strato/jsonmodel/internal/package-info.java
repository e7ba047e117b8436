/**
 * The parts behind {@link io.strato.jsonmodel.JsonModel}; not API. Exported only to
 * {@code io.strato.es} (a qualified export), whose ESModel needs the resolved id column and
 * the slug rules to give a new object its id when the event is preprocessed.
 *
 * <p>Map: columns as resolved ({@link io.strato.jsonmodel.internal.ResolvedColumn},
 * {@link io.strato.jsonmodel.internal.ResolvedColumns}, {@link io.strato.jsonmodel.internal.ColumnBuilder},
 * {@link io.strato.jsonmodel.internal.ExprTemplate}, {@link io.strato.jsonmodel.internal.SqlRowRefs});
 * the table's DDL and FTS5 tables ({@link io.strato.jsonmodel.internal.TableSql},
 * {@link io.strato.jsonmodel.internal.FullTextSql}); reads, searches and writes
 * ({@link io.strato.jsonmodel.internal.ModelReads}, {@link io.strato.jsonmodel.internal.ModelSearch},
 * {@link io.strato.jsonmodel.internal.ModelWrites}, {@link io.strato.jsonmodel.internal.BatchLoader});
 * query shapes ({@link io.strato.jsonmodel.internal.SelectBuilder},
 * {@link io.strato.jsonmodel.internal.FilteredSelects}, {@link io.strato.jsonmodel.internal.SearchConditions},
 * {@link io.strato.jsonmodel.internal.SortPlanner}, {@link io.strato.jsonmodel.internal.CursorCodec});
 * rows and values ({@link io.strato.jsonmodel.internal.RowMapper}, {@link io.strato.jsonmodel.internal.RowWriter},
 * {@link io.strato.jsonmodel.internal.ItemCodec}, {@link io.strato.jsonmodel.internal.Values},
 * {@link io.strato.jsonmodel.internal.JsonPaths}, {@link io.strato.jsonmodel.internal.Slugs}).
 */
package io.strato.jsonmodel.internal;
