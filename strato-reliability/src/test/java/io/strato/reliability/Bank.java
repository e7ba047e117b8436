package io.strato.reliability;

import static io.strato.jsonmodel.ColumnDef.column;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.EventSourcingDB;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.ModelConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The transfer workload shared by the suites and their child JVMs.
 *
 * <ul>
 *   <li>{@code accounts}: {@value #ACCOUNTS} accounts {@code a0..a9} with an INTEGER {@code balance}
 *       column. Event {@code init} inserts the missing accounts with {@value #INITIAL} each;
 *       event {@code transfer {from, to, amount}} moves money, or records a {@code noop} result
 *       when the funds are insufficient (a normal result, not a failure). Every result records
 *       the version it was computed for ({@code appliedV} / {@code noopV}).</li>
 *   <li>{@code ledger}: one row {@code t<v>} per applied transfer, inserted with {@code ins}
 *       (so applying an event twice would fail on the duplicate id).</li>
 *   <li>{@code ticks}: for the multi-process suite, a counter {@code c} (n = number of tick
 *       events applied) and one row per tick recording the version and the counter it saw.</li>
 * </ul>
 * The total balance is constant: {@value #ACCOUNTS} × {@value #INITIAL}.
 */
final class Bank {
  static final int ACCOUNTS = 10;
  static final long INITIAL = 1000;
  static final long TOTAL = ACCOUNTS * INITIAL;
  static final ObjectMapper M = new ObjectMapper();

  private Bank() {}

  static String acct(int i) {
    return "a" + i;
  }

  /** Whether the transfer in this event can be applied to the state at v-1, and the balances. */
  record Decision(boolean ok, String from, String to, long amount, long fromBalance, long toBalance, String why) {}

  static Decision decide(ReduxContext ctx) {
    JsonNode d = ctx.event().data();
    String from = d.path("from").asText();
    String to = d.path("to").asText();
    long amount = d.path("amount").asLong();
    ESModel<ObjectNode> accounts = accounts(ctx);
    ObjectNode a = accounts.get(from).orElse(null);
    ObjectNode b = accounts.get(to).orElse(null);
    if (a == null || b == null) {
      return new Decision(false, from, to, amount, 0, 0, "unknown account");
    }
    if (from.equals(to)) {
      return new Decision(false, from, to, amount, 0, 0, "same account");
    }
    long fb = a.path("balance").asLong();
    long tb = b.path("balance").asLong();
    if (amount <= 0 || fb < amount) {
      return new Decision(false, from, to, amount, fb, tb, "insufficient funds");
    }
    return new Decision(true, from, to, amount, fb, tb, null);
  }

  @SuppressWarnings("unchecked")
  static ESModel<ObjectNode> accounts(ReduxContext ctx) {
    return ctx.model("accounts", ESModel.class);
  }

  /** The accounts model. */
  static final class Accounts implements EventModel {
    @Override
    public String name() {
      return "accounts";
    }

    @Override
    public ModelConfig<?> config() {
      return ModelConfig.builder("accounts")
          .column("balance", column().type(ColumnType.INTEGER).index(IndexKind.ALL))
          .build();
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      long v = ctx.event().v();
      switch (ctx.event().type()) {
        case "init": {
          ESModel<ObjectNode> accounts = ctx.model();
          List<Object> missing = new ArrayList<>();
          for (int i = 0; i < ACCOUNTS; i++) {
            if (accounts.get(acct(i)).isEmpty()) {
              missing.add(Map.of("id", acct(i), "balance", INITIAL));
            }
          }
          return missing.isEmpty() ? ReduceResult.result().put("noop", "already initialised").put("noopV", v)
              : ReduceResult.result().ins(missing.toArray()).put("appliedV", v);
        }
        case "transfer": {
          Decision dec = decide(ctx);
          if (!dec.ok()) {
            return ReduceResult.result().put("noop", dec.why()).put("noopV", v);
          }
          return ReduceResult.result()
              .upd(Map.of("id", dec.from(), "balance", dec.fromBalance() - dec.amount()),
                  Map.of("id", dec.to(), "balance", dec.toBalance() + dec.amount()))
              .put("appliedV", v);
        }
        default:
          return null;
      }
    }
  }

  /** The ledger of applied transfers. */
  static final class Ledger implements EventModel {
    @Override
    public String name() {
      return "ledger";
    }

    @Override
    public ModelConfig<?> config() {
      return ModelConfig.builder("ledger")
          .column("v", column().type(ColumnType.INTEGER).index(IndexKind.ALL))
          .build();
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      if (!ctx.event().type().equals("transfer")) {
        return null;
      }
      Decision dec = decide(ctx);
      if (!dec.ok()) {
        return null;
      }
      long v = ctx.event().v();
      return ReduceResult.result().ins(Map.of("id", "t" + v, "v", v, "from", dec.from(), "to", dec.to(),
          "amount", dec.amount()));
    }
  }

  /** The multi-process counter: every {@code tick} increments c.n and records what it saw. */
  static final class Ticks implements EventModel {
    @Override
    public String name() {
      return "ticks";
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      if (!ctx.event().type().equals("tick")) {
        return null;
      }
      ESModel<ObjectNode> ticks = ctx.model();
      long n = ticks.get("c").map(c -> c.path("n").asLong()).orElse(0L);
      JsonNode d = ctx.event().data();
      String id = "w" + d.path("worker").asInt() + "-" + d.path("seq").asInt();
      long v = ctx.event().v();
      return ReduceResult.result().set(Map.of("id", "c", "n", n + 1, "lastV", v),
          Map.of("id", id, "v", v, "sawN", n, "worker", d.path("worker").asInt(), "seq", d.path("seq").asInt()));
    }
  }

  /** A builder with the three models and short retry back-offs. */
  static EventSourcingDB.Builder builder(Path file) {
    EventSourcingDB.Builder b = EventSourcingDB.builder()
        .model(new Accounts()).model(new Ledger()).model(new Ticks())
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(100));
    return file == null ? b : b.file(file);
  }

  static ObjectNode transfer(java.util.Random rnd) {
    int from = rnd.nextInt(ACCOUNTS);
    int to = (from + 1 + rnd.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
    ObjectNode o = M.createObjectNode();
    o.put("from", acct(from));
    o.put("to", acct(to));
    // mostly small amounts; sometimes more than any balance can hold (a no-op)
    o.put("amount", rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(5000) : 1 + rnd.nextInt(300));
    return o;
  }
}
