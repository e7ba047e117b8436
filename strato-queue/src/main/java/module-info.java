/**
 * strato-queue: the ordered event log. See {@link io.strato.queue.EventQueue}.
 */
module io.strato.queue {
  // transitive: QueueConfig takes ColumnDefs, EventQueue.search takes SearchOptions and returns
  // Page, and EventQueue is built on a DB (io.strato.db comes along through io.strato.jsonmodel)
  requires transitive io.strato.jsonmodel;
  requires org.slf4j;

  exports io.strato.queue;
}
