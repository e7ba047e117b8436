/**
 * strato-queue: the ordered event log. See {@link io.strato.queue.EventQueue}.
 */
module io.strato.queue {
  // transitive: EventQueue extends JsonModel and QueueConfig takes ColumnDefs
  requires transitive io.strato.jsonmodel;
  requires org.slf4j;

  exports io.strato.queue;
}
