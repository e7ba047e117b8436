/**
 * strato-es-postgres: one event log on PostgreSQL shared by many nodes, each deriving its own
 * SQLite state. See {@link io.strato.es.postgres.PostgresEventLog} and
 * {@link io.strato.es.postgres.ClusterRecords}.
 */
module io.strato.es.postgres {
  // transitive: the public API takes and returns strato-es types (EventLog, ProcessedRecords,
  // ProcessingGate, Event) and strato-db ones (DB), so users get them without requiring them.
  requires transitive io.strato.es;
  // not transitive: the JDBC driver is an implementation detail; only java.sql types (none in
  // the public API) would leak. Its automatic module name is org.postgresql.jdbc.
  requires org.postgresql.jdbc;
  requires java.sql;
  requires org.slf4j;
  // Jackson reads and writes processed records; its types appear in no public signature of this
  // module beyond those strato-es already exports transitively.
  requires com.fasterxml.jackson.databind;

  exports io.strato.es.postgres;
}
