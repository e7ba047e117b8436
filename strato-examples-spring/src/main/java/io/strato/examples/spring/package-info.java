/**
 * A REST service over the example ledger: {@link io.strato.examples.spring.LedgerApplication},
 * its controller and its error mapping (rejected events become HTTP 422 with the reason).
 */
package io.strato.examples.spring;
