package io.strato.es.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Everything the internals need of an ESModel in one view: what the built-in phases read
 * ({@link EsModelEvents.Model}), the direct table writes apply uses
 * ({@link EsResultApplier.Target}) and the checks a write event passes before it enters the
 * log ({@link EsWriteEvents}). The model hands one instance over, so its protected JsonModel
 * methods stay protected and the event-dispatching write path stays out of reach.
 */
public interface EsModelAccess extends EsModelEvents.Model, EsResultApplier.Target {
  /**
   * Checks an object as the table would store it (columns, constraints).
   *
   * @param tree the object
   * @throws IllegalArgumentException when the table would refuse it
   */
  void validate(ObjectNode tree);

  /**
   * The object an update would store.
   *
   * @param base the stored object (not changed)
   * @param changes the changes (a null value deletes its key)
   * @return the merged copy
   */
  ObjectNode merge(ObjectNode base, Map<String, ?> changes);
}
