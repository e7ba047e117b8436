package io.strato.bench;

import io.strato.es.EventSourcingDB;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code operations().rebuild(model)} over a history of {@link #events} events (replay into a
 * scratch file, then the swap), beside processing the same number of queued events with
 * {@code waitForQueue} in the same run: how much a rebuild costs next to ordinary processing.
 * The reducer is {@link EsBench.Objs} (one {@code set} per event, 1,000 distinct objects).
 */
@State(Scope.Benchmark)
@Fork(1)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public abstract class RebuildBench {
  /** Events in the history (rebuild) or the queue (drain). */
  @Param("100000")
  public int events;

  Path file;
  EventSourcingDB es;

  /** A fresh file with {@link #events} queued (not yet processed) events. */
  void freshQueued() throws Exception {
    file = Files.createTempDirectory("strato-bench-rebuild").resolve("es.db");
    es = EventSourcingDB.builder().file(file).model(new EsBench.Objs()).build();
    es.open();
    es.db().withTransaction(() -> {
      for (int i = 0; i < events; i++) {
        es.queue().add("set", Map.of("id", "o" + (i % 1000), "n", i));
      }
    });
  }

  void closeAndDelete() throws Exception {
    if (es != null) {
      es.close();
      Docs.delete(file);
      es = null;
    }
  }

  /** Rebuilding model "objs" from a processed history. */
  public static class History extends RebuildBench {
    /**
     * The processed history, once per trial.
     *
     * @throws Exception when setup fails
     */
    @Setup(Level.Trial)
    public void setup() throws Exception {
      freshQueued();
      es.waitForQueue();
    }

    /**
     * Deletes the file.
     *
     * @throws Exception when closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      closeAndDelete();
    }

    /** Replays the whole history into shadow tables and swaps "objs" in. */
    @Benchmark
    public void libRebuild() {
      es.operations().rebuild("objs");
    }
  }

  /** Processing the same number of queued events, the ordinary way. */
  public static class Queued extends RebuildBench {
    /**
     * A fresh file with the events queued, before each invocation.
     *
     * @throws Exception when setup fails
     */
    @Setup(Level.Invocation)
    public void setup() throws Exception {
      freshQueued();
    }

    /**
     * Deletes the file after each invocation.
     *
     * @throws Exception when closing fails
     */
    @TearDown(Level.Invocation)
    public void tearDown() throws Exception {
      closeAndDelete();
    }

    /** Processes every queued event. */
    @Benchmark
    public void libWaitForQueue() {
      es.waitForQueue();
    }
  }
}
