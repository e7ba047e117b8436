package io.strato.examples.snippets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.EventFailedException;
import io.strato.es.EventSourcingDB;
import io.strato.es.HistoryFilter;
import io.strato.es.Operations;
import io.strato.es.Status;
import io.strato.es.VerifyReport;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Operating an event-sourced DB (strato-es README, "Operations"): a failed event halts
 * processing; the operator looks at the status, repairs the event, takes a snapshot, rebuilds a
 * model and checks for drift. Compiled and tested with the build.
 */
public final class OpsQuickStart {
  private OpsQuickStart() {}

  /** Counts "visit" events per page; an event without a page is a bug it cannot handle. */
  public static final class Visits implements EventModel {
    @Override
    public String name() {
      return "visits";
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      Event e = ctx.event();
      if (!e.type().equals("visit")) {
        return null;
      }
      String page = e.data().path("page").asText(null);
      if (page == null) {
        throw new IllegalArgumentException("visit without a page");     // fails: processing halts here
      }
      ESModel<ObjectNode> visits = ctx.model();
      long n = visits.get(page).map(o -> o.path("n").asLong()).orElse(0L);
      return ReduceResult.result().set(Map.of("id", page, "n", n + 1));
    }
  }

  // --- snippet: ops
  /**
   * A bad event halts processing; the operator repairs it, snapshots, rebuilds and verifies.
   *
   * @param dir a directory for the files
   * @return what happened, one line per step
   */
  public static List<String> run(Path dir) {
    List<String> out = new ArrayList<>();
    try (EventSourcingDB es = EventSourcingDB.builder().file(dir.resolve("visits.db")).model(new Visits()).build()) {
      es.dispatch("visit", Map.of("page", "/home"));
      try {
        es.dispatch("visit", Map.of("referrer", "ad"));                  // no page: the reducer throws
      } catch (EventFailedException e) {
        out.add("failed: event " + e.event().v());
      }
      Operations ops = es.operations();
      Status s = ops.status();                                         // halted at 2, lag 1
      out.add("halted at " + s.failing().orElseThrow().v() + ", lag " + s.lag() + ", errors " + s.errors().keySet());
      Event fixed = ops.replace(2, "visit", Map.of("page", "/home"));  // rewrite the unprocessed event, process it
      out.add("replaced and processed: " + fixed.v() + ", version " + es.getVersion());
      out.add("failed events left: " + ops.history(HistoryFilter.all().failedOnly()).size());
      long v = ops.snapshot(dir.resolve("visits-backup.db"));         // a consistent online copy
      out.add("snapshot at " + v);
      ops.rebuild("visits");                                          // current code over the whole history
      VerifyReport drift = ops.verify();                              // replay + row-by-row compare
      out.add("verify clean: " + drift.clean());
    }
    return out;
  }
  // --- end
}
