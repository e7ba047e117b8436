/**
 * The ledger's event models: {@link io.strato.examples.ledger.Accounts} and
 * {@link io.strato.examples.ledger.Transfers} (reducers), {@link io.strato.examples.ledger.Stats}
 * (a deriver), registered with {@code provides} and {@code META-INF/services};
 * {@link io.strato.examples.ledger.Ledger} names the event types.
 */
package io.strato.examples.ledger;
