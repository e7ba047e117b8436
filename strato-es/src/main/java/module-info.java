/**
 * strato-es: the event-sourcing database. See {@link io.strato.es.EventSourcingDB}.
 */
module io.strato.es {
  // transitive: ESModel extends JsonModel, and EventSourcingDB hands out EventQueue and Event
  requires transitive io.strato.queue;
  requires org.slf4j;

  exports io.strato.es;
  exports io.strato.es.spi;
  exports io.strato.es.log;

  uses io.strato.es.spi.EventModel;
  uses io.strato.es.spi.Preprocessor;
  uses io.strato.es.spi.Reducer;
  uses io.strato.es.spi.Deriver;
  uses io.strato.es.spi.Transactor;
  uses io.strato.es.spi.Upcaster;
}
