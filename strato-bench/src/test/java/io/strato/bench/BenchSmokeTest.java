package io.strato.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmarks from rotting: runs every one of them once, briefly, on small data, in
 * this JVM, and checks each produced a score. Not a speed test. {@link PgBench} needs the
 * PostgreSQL at {@code STRATO_PG_URL} (default: local): with CI=true a missing server fails the
 * test; elsewhere PgBench is left out with a loud message on stderr.
 */
class BenchSmokeTest {
  @Test
  void everyBenchmarkRuns() throws Exception {
    boolean pg = PgBench.serverAnswers();
    if (!pg) {
      String msg = "PostgreSQL at " + PgBench.url() + " does not answer; set STRATO_PG_URL or start it (see"
          + " strato-es-postgres/README.md)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + msg);
      }
      System.err.println("\n*** BenchSmokeTest leaves PgBench out: " + msg + " ***\n");
    }
    OptionsBuilder ob = new OptionsBuilder();
    ob.include("io\\.strato\\.bench\\..*");
    if (!pg) {
      ob.exclude("io\\.strato\\.bench\\.PgBench.*");
    }
    Options opts = ob
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .timeout(TimeValue.seconds(60))
        .param("docs", "2000")
        .param("events", "200")
        .timeUnit(TimeUnit.MICROSECONDS)
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(opts).run();
    Set<String> names = new TreeSet<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      names.add(label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1));
      double score = r.getPrimaryResult().getScore();
      assertTrue(score > 0 && !Double.isNaN(score), label + " gave no score: " + score);
    }
    Set<String> expected = new HashSet<>(Set.of("Dispatch.libDispatch", "Dispatch.rawDispatch", "ConcurrentDispatch.libDispatch",
        "ConcurrentDispatch.rawDispatch", "Drain.libWaitForQueue",
        "Drain.rawWaitForQueue", "QueueBench.libAdd", "QueueBench.rawAdd", "QueueBench.libAdd100InTx",
        "QueueBench.rawAdd100InTx", "ReadBench.libGet", "ReadBench.rawGet", "ReadBench.libGetAll100",
        "ReadBench.rawGetAll100", "ReadBench.libSearch", "ReadBench.rawSearch", "ReadBench.libKeysetPage",
        "ReadBench.rawKeysetPage", "ReadBench.libCount", "ReadBench.rawCount", "WriteBench.libInsert1000",
        "WriteBench.rawInsert1000", "WriteBench.libUpdate", "WriteBench.rawUpdate",
        "FtsBench.libRanked", "FtsBench.rawRanked", "FtsBench.libSnippets", "FtsBench.rawSnippets",
        "FtsBench.libCount", "FtsBench.rawCount", "History.libRebuild", "Queued.libWaitForQueue"));
    if (pg) {
      expected.addAll(Set.of("Append.libAppend", "Append.rawAppend", "ConcurrentAppend.libAppend",
          "ConcurrentAppend.rawAppend", "LeaderDispatch.libDispatch", "LeaderDispatch.rawDispatch",
          "FollowerLag.libDispatchUntilFollowerApplied", "FollowerLag.rawDispatch"));
    }
    assertEquals(expected, names);
  }
}
