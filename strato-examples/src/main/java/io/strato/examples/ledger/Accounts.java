package io.strato.examples.ledger;

import static io.strato.jsonmodel.ColumnDef.column;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.es.ESModel;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.ModelConfig;
import java.util.Map;

/**
 * Bank accounts: opened by {@code account/opened} (an initial deposit becomes a
 * {@code money/deposited} sub-event), balances changed by deposits and transfers.
 */
public final class Accounts implements EventModel {
  /** The model name. */
  public static final String NAME = "accounts";

  /** Creates the model (ServiceLoader needs a public no-argument constructor). */
  public Accounts() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ModelConfig<?> config() {
    return ModelConfig.builder(NAME)
        .column("owner", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).required())
        .column("balance", column().type(ColumnType.INTEGER).defaultValue(0).index(IndexKind.DEFAULT))
        .build();
  }

  @Override
  public ReduceResult reduce(ReduxContext ctx) {
    JsonNode d = ctx.event().data();
    ESModel<?> accounts = ctx.model();
    switch (ctx.event().type()) {
      case Ledger.OPENED: {
        ReduceResult r = ReduceResult.result().ins(Map.of("id", d.get("id").asText(), "owner", d.get("owner").asText(),
            "balance", 0));
        long initial = d.path("initialDeposit").asLong(0);
        if (initial > 0) {
          r.events(NewEvent.of(Ledger.DEPOSITED, Map.of("account", d.get("id").asText(), "cents", initial)));
        }
        return r;
      }
      case Ledger.DEPOSITED: {
        String id = d.get("account").asText();
        long balance = accounts.get(id).map(a -> balanceOf(a)).orElse(0L);
        return ReduceResult.result().upd(Map.of("id", id, "balance", balance + d.get("cents").asLong()));
      }
      case Ledger.TRANSFERRED: {
        String from = d.get("from").asText();
        String to = d.get("to").asText();
        long cents = d.get("cents").asLong();
        if (accounts.get(from).isEmpty() || accounts.get(to).isEmpty()) {
          return ReduceResult.reject("no account " + (accounts.get(from).isEmpty() ? from : to));
        }
        long fromBalance = balanceOf(accounts.get(from).orElseThrow());
        long toBalance = balanceOf(accounts.get(to).orElseThrow());
        if (fromBalance < cents) {
          // A business outcome, not a bug: reject (the event is recorded, nothing changes, the
          // log goes on). ReduceResult.error would halt the whole ledger at this event.
          return ReduceResult.reject("insufficient funds in " + from);
        }
        return ReduceResult.result().upd(Map.of("id", from, "balance", fromBalance - cents),
            Map.of("id", to, "balance", toBalance + cents));
      }
      default:
        return null;
    }
  }

  private static long balanceOf(Object account) {
    return ((JsonNode) account).path("balance").asLong();
  }
}
