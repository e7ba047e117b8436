package io.strato.db;

/**
 * The outcome of a write statement.
 *
 * @param lastId the rowid of the last row inserted on the connection ({@code last_insert_rowid()})
 * @param changes the number of rows changed by this statement
 */
public record RunResult(long lastId, long changes) {}
