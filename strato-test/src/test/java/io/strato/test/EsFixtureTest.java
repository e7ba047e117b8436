package io.strato.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.spi.NewEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class EsFixtureTest {
  private static EsFixture wallets() {
    return EsFixture.of(new Wallets());
  }

  @Test
  void givenWhenThenOnResultsStateAndSubEvents() {
    try (EsFixture fx = wallets()) {
      fx.given(NewEvent.of("wallet/opened", Map.of("id", "w1")))
          .when("wallet/topup", Map.of("id", "w1", "cents", 2000))
          .expectSuccess()
          .expectResult("wallets", "{upd: [{id: 'w1', cents: 2000}]}")
          .expectState("wallets", "w1", "{id: 'w1', cents: 2010}")
          .expectStateIncludes("wallets", "w1", Map.of("cents", 2010))
          .expectSubEvents("wallet/bonus")
          .expectSubEvent("wallet/bonus", "{cents: 10}")
          .expectNoState("wallets", "w2");
    }
  }

  @Test
  void rejectionsLeaveTheStateAlone() {
    try (EsFixture fx = wallets()) {
      fx.given("wallet/opened", Map.of("id", "w1"))
          .when("wallet/topup", Map.of("id", "nope", "cents", 5))
          .expectRejected("no wallet nope")
          .expectRejectedBy("wallets", "nope")
          .expectNothingChanged();
    }
  }

  @Test
  void failuresByPhaseModelAndMessage() {
    try (EsFixture fx = wallets()) {
      Then t = fx.when("wallet/break", Map.of());
      t.expectFailure("reduce", "wallets", "broken wallet").expectNothingChanged();
      assertTrue(t.event().error() != null, "the stored event carries its error");
    }
  }

  @Test
  void wrongExpectationsFailWithReadableMessages() {
    try (EsFixture fx = wallets()) {
      fx.given("wallet/opened", Map.of("id", "w1"));
      Then ok = fx.when("wallet/topup", Map.of("id", "w1", "cents", 5));
      AssertionFailedError state = assertThrows(AssertionFailedError.class,
          () -> ok.expectState("wallets", "w1", "{id: 'w1', cents: 6}"));
      assertTrue(state.getMessage().contains("event 2 (wallet/topup): wallets 'w1' differs"), state.getMessage());
      assertTrue(state.getActual().getStringRepresentation().contains("\"cents\" : 5"),
          "the actual value is shown: " + state.getActual().getStringRepresentation());
      AssertionFailedError rejected = assertThrows(AssertionFailedError.class, () -> ok.expectRejected("x"));
      assertTrue(rejected.getMessage().contains("it was processed"), rejected.getMessage());
      AssertionFailedError changed = assertThrows(AssertionFailedError.class, ok::expectNothingChanged);
      assertTrue(changed.getMessage().contains("wallets 'w1'"), changed.getMessage());
      AssertionFailedError subs = assertThrows(AssertionFailedError.class, () -> ok.expectSubEvents("wallet/bonus"));
      assertTrue(subs.getMessage().contains("sub-event types differ"), subs.getMessage());

      Then broken = fx.when("wallet/break", Map.of());
      AssertionFailedError phase = assertThrows(AssertionFailedError.class,
          () -> broken.expectFailure("preprocess", "wallets", "broken"));
      assertTrue(phase.getMessage().contains("no error under _preprocess_wallets"), phase.getMessage());
      assertTrue(phase.getActual().getStringRepresentation().contains("_reduce_wallets"), "found keys are listed");
    }
  }

  @Test
  void aGivenEventThatIsNotProcessedFailsTheTest() {
    try (EsFixture fx = wallets()) {
      AssertionFailedError e = assertThrows(AssertionFailedError.class,
          () -> fx.given("wallet/topup", Map.of("id", "ghost", "cents", 1)));
      assertTrue(e.getMessage().contains("given event wallet/topup") && e.getMessage().contains("no wallet ghost"),
          e.getMessage());
    }
  }

  @Test
  void determinismCheckPassesForAPureReducer() {
    try (EsFixture fx = wallets()) {
      fx.given("wallet/opened", Map.of("id", "w1")).given("wallet/topup", Map.of("id", "w1", "cents", 5000));
      fx.when("wallet/topup", Map.of("id", "zzz", "cents", 1)).expectRejected("no wallet");
      fx.checkDeterminism();
      assertEquals(5010, fx.state("wallets", "w1").get("cents").asLong());
    }
  }

  @Test
  void determinismCheckFailsForAReducerThatReadsTheClock() {
    try (EsFixture fx = EsFixture.of(new Clock())) {
      fx.given("tick", Map.of());
      AssertionFailedError e = assertThrows(AssertionFailedError.class, fx::checkDeterminism);
      assertTrue(e.getMessage().contains("event 1 (tick) came out differently"), e.getMessage());
    }
  }

  @Test
  void unknownModelsAreNamed() {
    try (EsFixture fx = wallets()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fx.state("nope", "x"));
      assertTrue(e.getMessage().contains("no model 'nope'") && e.getMessage().contains("wallets"), e.getMessage());
    }
  }
}
