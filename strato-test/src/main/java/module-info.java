/**
 * strato-test: given/when/then fixtures for strato event models, a JUnit 5 extension giving
 * each test a fresh database, and a determinism check. See {@link io.strato.test.EsFixture}.
 * Use it with test scope.
 */
module io.strato.test {
  // transitive: the API takes EventModel/NewEvent and returns EventSourcingDB, Event and JsonNode
  requires transitive io.strato.es;
  // transitive: StratoExtension implements JUnit Jupiter extension interfaces
  requires transitive org.junit.jupiter.api;
  requires org.opentest4j;

  exports io.strato.test;
}
