package io.strato.reliability;

import io.strato.es.ESModel;
import io.strato.es.EventSourcingDB;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Child JVM of {@link CrashSafetyTest}: {@code TransferWorker <file> <seed> <threads>}. Opens the
 * event-sourcing DB, processes whatever a previous (killed) run left in the queue, checks the
 * invariants itself, initialises the accounts when missing, prints {@code READY ...} and then
 * dispatches random transfers from several threads until it is killed.
 */
public final class TransferWorker {
  private TransferWorker() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int threads = Integer.parseInt(args[2]);
    EventSourcingDB es = Bank.builder(file).build();
    es.open();
    es.waitForQueue(); // events a killed run added but did not process
    // the invariants, checked by the restarted process itself (on the state DB's connection)
    Checks.Stats s = Checks.bankInvariants(es.db(), "worker restart");
    @SuppressWarnings("unchecked")
    ESModel<?> accounts = es.model("accounts", ESModel.class);
    if (accounts.count(null) < Bank.ACCOUNTS) {
      es.dispatch("init", null);
    }
    long total = es.db().get("SELECT total(balance) AS t FROM accounts").orElseThrow().getDouble("t").longValue();
    System.out.println("READY version=" + es.getVersion() + " total=" + total + " pending=" + s.unprocessed());
    System.out.flush();
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Random rnd = new Random(seed * 31 + i);
      Thread t = new Thread(() -> {
        while (true) {
          if (rnd.nextInt(4) == 0) {
            // queue a small burst without waiting, so several events share one transaction
            for (int k = 0; k < 3; k++) {
              es.dispatchAsync("transfer", Bank.transfer(rnd));
            }
          }
          es.dispatch("transfer", Bank.transfer(rnd));
        }
      }, "transfer-" + i);
      t.setUncaughtExceptionHandler((th, e) -> {
        e.printStackTrace();
        System.exit(3);
      });
      t.start();
      ts.add(t);
    }
    for (Thread t : ts) {
      t.join();
    }
  }

}
