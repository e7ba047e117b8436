/**
 * An event log on PostgreSQL shared by many nodes, each keeping its own SQLite state:
 * {@link io.strato.es.postgres.PostgresEventLog} (the shared log),
 * {@link io.strato.es.postgres.SqliteProcessedRecords} (one node's processed records, in its
 * state file) and {@link io.strato.es.postgres.ClusterRecords} (leader election, fenced
 * publishing of processed records, followers applying them). See the module README.
 */
package io.strato.es.postgres;
