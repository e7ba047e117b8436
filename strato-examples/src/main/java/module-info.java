/**
 * Example application for strato-db: an event-sourced bank ledger on an embedded SQLite file.
 * The ledger's models are registered both here ({@code provides}) and in
 * {@code META-INF/services}, so they are found on the module path and on the class path.
 */
module io.strato.examples {
  requires io.strato.es;
  requires org.slf4j;

  exports io.strato.examples;
  exports io.strato.examples.ledger;
  exports io.strato.examples.snippets;

  provides io.strato.es.spi.EventModel with io.strato.examples.ledger.Accounts, io.strato.examples.ledger.Transfers;
  provides io.strato.es.spi.Deriver with io.strato.examples.ledger.Stats;
}
