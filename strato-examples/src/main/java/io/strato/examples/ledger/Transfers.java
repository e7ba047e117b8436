package io.strato.examples.ledger;

import static io.strato.jsonmodel.ColumnDef.column;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.ModelConfig;
import io.strato.queue.Event;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The transfer journal. Its preprocessor accepts the short type {@code transfer} with an amount
 * in euros and turns it into the canonical {@code money/transferred} with integer cents; its
 * reducer records each transfer.
 */
public final class Transfers implements EventModel {
  /** The model name. */
  public static final String NAME = "transfers";

  /** Creates the model. */
  public Transfers() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ModelConfig<?> config() {
    return ModelConfig.builder(NAME)
        .column("cents", column().type(ColumnType.INTEGER).index(IndexKind.DEFAULT))
        .column("from", column().index(IndexKind.DEFAULT))
        .column("to", column().index(IndexKind.DEFAULT))
        .build();
  }

  @Override
  public Event preprocess(ReduxContext ctx) {
    Event e = ctx.event();
    if (!e.type().equals("transfer")) {
      return null;
    }
    ObjectNode d = ((ObjectNode) e.data()).deepCopy();
    BigDecimal euros = new BigDecimal(d.remove("euros").asText());
    d.put("cents", euros.movePointRight(2).setScale(0, RoundingMode.HALF_EVEN).longValueExact());
    return e.withType(Ledger.TRANSFERRED).withData(d);
  }

  @Override
  public ReduceResult reduce(ReduxContext ctx) {
    if (!ctx.event().type().equals(Ledger.TRANSFERRED)) {
      return null;
    }
    JsonNode d = ctx.event().data();
    return ReduceResult.result().ins(Map.of("id", "t" + ctx.event().v(), "from", d.get("from").asText(),
        "to", d.get("to").asText(), "cents", d.get("cents").asLong(), "memo", d.path("memo").asText("")));
  }
}
