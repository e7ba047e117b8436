/**
 * The README's code snippets as compiled, tested programs, one per module: DB, JsonModel,
 * EventQueue, EventSourcingDB and its operations.
 */
package io.strato.examples.snippets;
