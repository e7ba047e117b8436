package io.strato.examples;

import static io.strato.jsonmodel.SearchOptions.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.EventFailedException;
import io.strato.es.EventRejectedException;
import io.strato.es.EventSourcingDB;
import io.strato.es.ProcessingHaltedException;
import io.strato.examples.ledger.Accounts;
import io.strato.examples.ledger.Ledger;
import io.strato.examples.ledger.Stats;
import io.strato.examples.ledger.Transfers;
import io.strato.jsonmodel.Page;
import io.strato.queue.Event;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The example application: an event-sourced bank ledger on an embedded SQLite file. It
 * dispatches a scripted set of events, then prints the accounts, the bank's totals, two pages
 * of a cursor-paged search, and the tail of the event history. Run it again and it continues
 * from the stored state.
 *
 * <pre>{@code
 * mvn -B -ntp -q -Dmaven.test.skip=true -Pexample -pl strato-examples -am verify   # runs it on ./strato-example.db
 * }</pre>
 */
public final class ExampleApp {
  private static final String RUN = "ledger/run";

  private ExampleApp() {}

  /**
   * Runs the example; exits with status 2 when the ledger is halted at a failed event.
   *
   * @param args optional database file (default {@code strato-example.db})
   */
  public static void main(String[] args) {
    if (run(Path.of(args.length > 0 ? args[0] : "strato-example.db"), System.out) < 0) {
      System.exit(2);
    }
  }

  /**
   * Runs the example on a file, printing to {@code out}. A transfer the ledger refuses
   * (insufficient funds) is <em>rejected</em>: reported, recorded in the history, and the run
   * goes on. A ledger halted at a failed event (left so by an older version of this example, or
   * by a change to its code) is reported with how to start over, and nothing is added to it.
   *
   * @param file the SQLite file (created when missing)
   * @param out where the report goes
   * @return the number of this run (1 for a new ledger), or -1 when the ledger is halted
   */
  public static long run(Path file, PrintStream out) {
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).discoverModels().build()) {
      long before = es.getVersion();
      long runNo = es.queue().count(Map.of("type", RUN)) + 1;
      if (before == 0) {
        out.println("Started a new ledger in " + file);
      } else {
        out.println("Continuing from stored state in " + file + " at version " + before + " (run " + runNo + ")");
      }
      es.dispatch(RUN, Map.of("run", runNo));
      if (runNo == 1) {
        es.dispatch(Ledger.OPENED, Map.of("id", "alice", "owner", "Alice", "initialDeposit", 100_00));
        es.dispatch(Ledger.OPENED, Map.of("id", "bob", "owner", "Bob", "initialDeposit", 50_00));
        es.dispatch(Ledger.OPENED, Map.of("id", "carol", "owner", "Carol"));
      }
      transfer(es, out, "alice", "bob", "12.50", "lunch, run " + runNo);
      transfer(es, out, "bob", "carol", "7.25", "books, run " + runNo);
      transfer(es, out, "alice", "carol", "20", "rent share, run " + runNo);
      transfer(es, out, "carol", "alice", "3.10", "coffee, run " + runNo);
      report(es, out);
      return runNo;
    } catch (ProcessingHaltedException e) {
      Event f = e.failedEvent();
      out.println();
      out.println("This ledger cannot go on: event " + f.v() + " (" + f.type() + ") in its history failed, and an"
          + " event-sourced ledger applies its history strictly in order.");
      out.println("  The error: " + EventFailedException.summary(f));
      out.println("  Nothing was added by this run. A file left by an older version of this example (which failed"
          + " overdrafts instead of rejecting them) ends up like this.");
      out.println("  To start over, delete " + file + " (and the " + file.getFileName() + "-wal and -shm files next to"
          + " it), or run on another file with -Dexample.db=other.db.");
      return -1;
    }
  }

  /** Dispatches a transfer; a refused one (insufficient funds) is reported and the run goes on. */
  private static void transfer(EventSourcingDB es, PrintStream out, String from, String to, String euros, String memo) {
    try {
      es.dispatch("transfer", Map.of("from", from, "to", to, "euros", euros, "memo", memo));
    } catch (EventRejectedException r) {
      out.println("  transfer of EUR " + euros + " from " + from + " to " + to + " rejected (event " + r.event().v()
          + "): " + r.reason());
    }
  }

  private static void report(EventSourcingDB es, PrintStream out) {
    ESModel<ObjectNode> accounts = es.esModel(Accounts.NAME);
    ESModel<ObjectNode> transfers = es.esModel(Transfers.NAME);
    ESModel<ObjectNode> stats = es.esModel(Stats.NAME);

    out.println();
    out.println("Accounts (state at version " + es.getVersion() + ")");
    out.println(String.format("  %-8s %-8s %12s", "id", "owner", "balance"));
    for (ObjectNode a : accounts.searchAll(Map.of(), options().sort("owner", 1))) {
      out.println(String.format("  %-8s %-8s %12s", a.path("id").asText(), a.path("owner").asText(),
          euros(a.path("balance").asLong())));
    }
    ObjectNode totals = stats.get("totals").orElseThrow();
    out.println(String.format("  total money %s in %d accounts; %d transfers moved %s", euros(totals.path("moneyCents").asLong()),
        totals.path("accounts").asLong(), totals.path("transfers").asLong(), euros(totals.path("volumeCents").asLong())));

    out.println();
    out.println("Largest transfers, 3 per page (keyset paging with a cursor)");
    Page<ObjectNode> page = transfers.search(Map.of(), options().sort("cents", -1).limit(3));
    printTransfers(out, 1, page.items(), page.total());
    if (page.cursor() != null) {
      Page<ObjectNode> next = transfers.search(Map.of(), options().sort("cents", -1).limit(3).cursor(page.cursor()));
      printTransfers(out, 2, next.items(), next.total());
    }

    out.println();
    out.println("Event history (last 8)");
    out.println(String.format("  %4s  %-18s %s", "v", "type", "changed"));
    List<Event> tail = es.queue().searchAll(Map.of(), options().sort("v", -1).limit(8));
    for (int i = tail.size() - 1; i >= 0; i--) {
      Event e = tail.get(i);
      String changed = EventRejectedException.reasonOf(e).map(r -> "rejected: " + r).orElseGet(() ->
          e.result() == null || e.result().isEmpty() ? "-" : String.join(",", (Iterable<String>) e.result()::fieldNames));
      String subs = e.events() == null ? "" : " (+" + e.events().size() + " sub-event)";
      out.println(String.format("  %4d  %-18s %s%s", e.v(), e.type(), changed, subs));
    }
  }

  private static void printTransfers(PrintStream out, int pageNo, List<ObjectNode> items, Long total) {
    int first = (pageNo - 1) * 3 + 1;
    out.println("  page " + pageNo + ": transfers " + first + "-" + (first + items.size() - 1) + " of " + total + ":");
    for (ObjectNode t : items) {
      out.println(String.format("    %-5s %-6s -> %-6s %10s  %s", t.path("id").asText(), t.path("from").asText(),
          t.path("to").asText(), euros(t.path("cents").asLong()), t.path("memo").asText()));
    }
  }

  private static String euros(long cents) {
    return String.format("EUR %d.%02d", cents / 100, Math.abs(cents % 100));
  }
}
