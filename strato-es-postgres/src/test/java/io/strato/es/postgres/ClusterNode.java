package io.strato.es.postgres;

import io.strato.es.EventSourcingDB;
import java.nio.file.Path;
import java.time.Duration;

/** One test node: its own log connections, election and state file; polling on unless asked. */
final class ClusterNode implements AutoCloseable {
  final String name;
  final String app;
  final PostgresEventLog log;
  final ClusterRecords records;
  final EventSourcingDB es;

  ClusterNode(String schema, String name, Path file) {
    this(schema, name, file, true);
  }

  /** A node; with {@code poll} false it processes only when called (dispatch, handledVersion). */
  ClusterNode(String schema, String name, Path file, boolean poll) {
    this.name = name;
    this.app = "strato-" + schema + "-" + name;
    this.log = PgTestSupport.log(schema, app);
    this.records = ClusterRecords.builder(log).node(name).checkInterval(Duration.ofMillis(200)).build();
    this.es = TestApp.builder(file).name(name).eventLog(log).processedRecords(records).build();
    if (poll) {
      es.startPolling();
    }
  }

  @Override
  public void close() {
    es.close();
    records.close();
    log.close();
  }
}
