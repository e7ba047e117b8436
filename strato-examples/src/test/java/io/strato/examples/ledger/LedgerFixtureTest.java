package io.strato.examples.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strato.es.spi.NewEvent;
import io.strato.test.EsFixture;
import io.strato.test.StratoExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example ledger's models tested given/when/then with strato-test. */
class LedgerFixtureTest {
  @RegisterExtension
  static StratoExtension strato = StratoExtension.withModels(new Accounts(), new Transfers()).deriver(new Stats());

  private static final NewEvent ADA = NewEvent.of(Ledger.OPENED, Map.of("id", "ada", "owner", "Ada", "initialDeposit", 500));
  private static final NewEvent BOB = NewEvent.of(Ledger.OPENED, Map.of("id", "bob", "owner", "Bob"));

  @Test
  void openingWithADepositRunsADepositSubEvent(EsFixture fx) {
    fx.when(Ledger.OPENED, Map.of("id", "ada", "owner", "Ada", "initialDeposit", 500))
        .expectSuccess()
        .expectResult("accounts", "{ins: [{id: 'ada', owner: 'Ada', balance: 0}]}")
        .expectSubEvents(Ledger.DEPOSITED)
        .expectSubEvent(Ledger.DEPOSITED, "{account: 'ada', cents: 500}")
        .expectState("accounts", "ada", "{id: 'ada', owner: 'Ada', balance: 500}");
  }

  @Test
  void aTransferInEurosBecomesCentsAndMovesTheMoney(EsFixture fx) {
    var then = fx.given(ADA, BOB)
        .when("transfer", Map.of("from", "ada", "to", "bob", "euros", "1.99", "memo", "lunch"))
        .expectSuccess()
        .expectResult("transfers", "{ins: [{id: 't3', from: 'ada', to: 'bob', cents: 199, memo: 'lunch'}]}")
        .expectStateIncludes("accounts", "ada", "{balance: 301}")
        .expectStateIncludes("accounts", "bob", "{balance: 199}")
        .expectStateIncludes("stats", "totals", "{accounts: 2, transfers: 1, moneyCents: 500, volumeCents: 199}");
    assertEquals(Ledger.TRANSFERRED, then.event().type(), "the preprocessor stored the canonical type");
    fx.checkDeterminism();
  }

  @Test
  void anOverdraftIsRejectedAndChangesNothing(EsFixture fx) {
    fx.given(ADA, BOB)
        .when(Ledger.TRANSFERRED, Map.of("from", "bob", "to", "ada", "cents", 1))
        .expectRejectedBy("accounts", "insufficient funds in bob")
        .expectNothingChanged();
    fx.checkDeterminism();
  }

  @Test
  void aTransferToAMissingAccountIsRejected(EsFixture fx) {
    fx.given(ADA)
        .when(Ledger.TRANSFERRED, Map.of("from", "ada", "to", "carol", "cents", 1))
        .expectRejected("no account carol")
        .expectNothingChanged();
  }

  @Test
  void aTransferWithoutAmountFailsInThePreprocessor(EsFixture fx) {
    fx.given(ADA, BOB)
        .when("transfer", Map.of("from", "ada", "to", "bob"))
        .expectFailure("preprocess", "transfers", "")
        .expectNothingChanged();
  }
}
