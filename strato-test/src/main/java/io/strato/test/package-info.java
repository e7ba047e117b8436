/**
 * Test fixtures for strato event models: {@link io.strato.test.EsFixture} (given events, when
 * an event, then assertions in {@link io.strato.test.Then}), {@link io.strato.test.StratoExtension}
 * (a fresh database per JUnit test) and {@link io.strato.test.EsFixture#checkDeterminism()}.
 */
package io.strato.test;
