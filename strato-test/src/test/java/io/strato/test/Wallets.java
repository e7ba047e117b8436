package io.strato.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import java.util.Map;

/** A small model for the fixture's own tests. */
public final class Wallets implements EventModel {
  @Override
  public String name() {
    return "wallets";
  }

  @Override
  public ReduceResult reduce(ReduxContext ctx) {
    JsonNode d = ctx.event().data();
    ESModel<ObjectNode> wallets = ctx.model();
    switch (ctx.event().type()) {
      case "wallet/opened":
        return ReduceResult.result().ins(Map.of("id", d.get("id").asText(), "cents", 0));
      case "wallet/topup":
      case "wallet/bonus": {
        String id = d.get("id").asText();
        ObjectNode w = wallets.get(id).orElse(null);
        if (w == null) {
          return ReduceResult.reject("no wallet " + id);
        }
        long cents = d.get("cents").asLong();
        if (cents > 1000) {
          ctx.addEvent("wallet/bonus", Map.of("id", id, "cents", 10));
        }
        return ReduceResult.result().upd(Map.of("id", id, "cents", w.get("cents").asLong() + cents));
      }
      case "wallet/break":
        throw new IllegalStateException("broken wallet");
      default:
        return null;
    }
  }
}
