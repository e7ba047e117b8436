package io.strato.db;

import java.util.List;

/**
 * One executed query, as reported to {@link DBListener#onCall(QueryEvent)}.
 *
 * @param dbName the DB's name
 * @param sql the SQL text
 * @param params the bound parameters (unmodifiable; may contain nulls)
 * @param durationNanos how long the call took, including reading the rows
 * @param error the failure, or null when the call succeeded
 */
public record QueryEvent(
    String dbName, String sql, List<Object> params, long durationNanos, Throwable error) {}
