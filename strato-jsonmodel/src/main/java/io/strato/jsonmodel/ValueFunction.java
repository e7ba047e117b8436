package io.strato.jsonmodel;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Computes a column's value from the item being written (see {@link ColumnDef#value}). It
 * runs on the writing thread, inside the write's transaction when there is one, so it may
 * query the model.
 */
@FunctionalInterface
public interface ValueFunction {
  /**
   * Computes the value.
   *
   * @param item the item's JSON tree (id included when known); do not modify it
   * @return the value: a String, Number, Boolean, JsonNode, or null for none
   * @throws Exception any failure; the write fails with it
   */
  Object apply(ObjectNode item) throws Exception;
}
