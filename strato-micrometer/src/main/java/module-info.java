/**
 * strato-micrometer: Micrometer metrics for a strato {@code DB} and an {@code EventSourcingDB}.
 * See {@link io.strato.micrometer.StratoMetrics}. Optional: strato-es does not depend on it.
 */
module io.strato.micrometer {
  // transitive: the API takes DB / EventSourcingDB and returns a ProcessingListener
  requires transitive io.strato.es;
  // transitive: the API takes a MeterRegistry and its types implement MeterBinder
  requires transitive micrometer.core;

  requires org.slf4j;
  // a failed statement's driver exception is inspected for SQLITE_BUSY
  requires java.sql;

  exports io.strato.micrometer;
}
