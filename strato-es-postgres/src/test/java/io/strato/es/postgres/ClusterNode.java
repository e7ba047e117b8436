package io.strato.es.postgres;

import io.strato.es.EventSourcingDB;
import java.nio.file.Path;
import java.time.Duration;

/** One test node: its own log connections, election and state file; polling on. */
final class ClusterNode implements AutoCloseable {
  final String name;
  final String app;
  final PostgresEventLog log;
  final ClusterRecords records;
  final EventSourcingDB es;

  ClusterNode(String schema, String name, Path file) {
    this.name = name;
    this.app = "strato-" + schema + "-" + name;
    this.log = PgTestSupport.log(schema, app);
    this.records = ClusterRecords.builder(log).node(name).checkInterval(Duration.ofMillis(200)).build();
    this.es = TestApp.builder(file).name(name).eventLog(log).processedRecords(records).build();
    es.startPolling();
  }

  @Override
  public void close() {
    es.close();
    records.close();
    log.close();
  }
}
