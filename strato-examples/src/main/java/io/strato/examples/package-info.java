/**
 * The example application: {@link io.strato.examples.ExampleApp} runs a bank ledger on an
 * embedded SQLite file (the README's main job).
 */
package io.strato.examples;
