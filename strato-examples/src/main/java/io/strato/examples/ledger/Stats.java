package io.strato.examples.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.spi.DeriveContext;
import io.strato.es.spi.Deriver;
import io.strato.jsonmodel.JsonModel;
import java.util.Map;

/**
 * A standalone deriver (registered on its own in META-INF/services): after every event it
 * recomputes the bank's totals into the {@code stats} model, which has no reducer and gets a
 * default ESModel table.
 */
public final class Stats implements Deriver {
  /** The model name. */
  public static final String NAME = "stats";

  /** Creates the deriver. */
  public Stats() {}

  @Override
  public String model() {
    return NAME;
  }

  @Override
  public void derive(DeriveContext ctx) {
    @SuppressWarnings("unchecked")
    JsonModel<ObjectNode> accounts = ctx.model(Accounts.NAME, ESModel.class);
    @SuppressWarnings("unchecked")
    JsonModel<ObjectNode> transfers = ctx.model(Transfers.NAME, ESModel.class);
    ESModel<ObjectNode> stats = ctx.model();
    Number money = accounts.sum("balance", null, null);
    Number volume = transfers.sum("cents", null, null);
    stats.set(stats.objectMapper().createObjectNode().put("id", "totals")
        .put("accounts", accounts.count(Map.of()))
        .put("transfers", transfers.count(Map.of()))
        .put("moneyCents", money == null ? 0 : money.longValue())
        .put("volumeCents", volume == null ? 0 : volume.longValue())
        .put("lastEvent", ctx.event().v()));
  }
}
