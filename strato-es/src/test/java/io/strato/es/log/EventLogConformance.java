package io.strato.es.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.strato.queue.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit: what every {@link EventLog} implementation must do (SPEC §8). Extend it
 * in your implementation's tests (the strato-es test-jar ships it) and implement the three hooks;
 * every test opens its own log in a fresh directory.
 *
 * <p>Covered: gapless versions in commit order, under 8 threads and under 2 OS processes
 * appending at once; batched ordered reads; a wait woken by an append from another thread and
 * from another process; {@link EventLog#wake}; a bounded wait; reopening keeps everything;
 * bad input is an {@code IllegalArgumentException}.
 */
public abstract class EventLogConformance {
  /** A fresh directory per test, for the implementation's files. */
  @TempDir protected Path dir;

  /**
   * Opens the log kept in {@code dir} (the same directory reopens the same log).
   *
   * @param dir the directory
   * @return the log
   */
  protected abstract EventLog openLog(Path dir);

  /**
   * Closes a log opened by {@link #openLog} and whatever it holds (connections).
   *
   * @param log the log
   */
  protected abstract void closeLog(EventLog log);

  /**
   * The command line of another OS process that opens the log in {@code dir}, appends
   * {@code count} events of type {@code tag}, prints "done" and exits with 0.
   *
   * @param dir the directory
   * @param count how many events
   * @param tag their type
   * @return the command (e.g. {@code java -cp ... SomeMain dir count tag})
   */
  protected abstract List<String> appenderCommand(Path dir, int count, String tag);

  private static JsonNode data(int i) {
    return JsonNodeFactory.instance.objectNode().put("i", i).put("text", "ünïcødé " + i);
  }

  private interface LogBody {
    void run(EventLog log) throws Exception;
  }

  private void withLog(LogBody body) throws Exception {
    EventLog log = openLog(dir);
    try {
      body.run(log);
    } finally {
      closeLog(log);
    }
  }

  @Test
  void appendsGetGaplessVersionsInOrder() throws Exception {
    withLog(log -> {
      assertEquals(0, log.head());
      for (int i = 1; i <= 5; i++) {
        Event e = log.append("t" + i, data(i), 0);
        assertEquals(i, e.v());
        assertEquals("t" + i, e.type());
        assertTrue(e.ts() > 0, "ts filled in");
      }
      assertEquals(5, log.head());
      List<Event> all = log.read(0, 100);
      assertEquals(5, all.size());
      for (int i = 0; i < 5; i++) {
        assertEquals(i + 1, all.get(i).v());
        assertEquals(data(i + 1), all.get(i).data());
      }
      assertEquals("t3", log.get(3).orElseThrow().type());
      assertTrue(log.get(6).isEmpty());
      assertEquals(1234L, log.append("ts", null, 1234).ts(), "a given ts is kept");
      assertEquals(null, log.get(6).orElseThrow().data(), "null data stays null");
    });
  }

  @Test
  void readsInBatches() throws Exception {
    withLog(log -> {
      for (int i = 1; i <= 5; i++) {
        log.append("t", data(i), 0);
      }
      assertEquals(List.of(1L, 2L), versions(log.read(0, 2)));
      assertEquals(List.of(3L, 4L), versions(log.read(2, 2)));
      assertEquals(List.of(5L), versions(log.read(4, 2)));
      assertTrue(log.read(5, 2).isEmpty());
    });
  }

  @Test
  void eightThreadsAppendWithoutGapsOrDuplicates() throws Exception {
    withLog(log -> {
      int threads = 8;
      int each = 50;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int tt = t;
        futures.add(pool.submit(() -> {
          start.await();
          List<Long> mine = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            mine.add(log.append("thread" + tt, data(i), 0).v());
          }
          return mine;
        }));
      }
      start.countDown();
      Set<Long> seen = new HashSet<>();
      for (Future<List<Long>> f : futures) {
        List<Long> mine = f.get(60, TimeUnit.SECONDS);
        for (int i = 1; i < mine.size(); i++) {
          assertTrue(mine.get(i) > mine.get(i - 1), "one thread's appends are in order");
        }
        seen.addAll(mine);
      }
      pool.shutdown();
      assertEquals(threads * each, seen.size(), "no duplicate versions");
      assertContiguous(log, threads * each);
    });
  }

  @Test
  void twoProcessesAndThisOneAppendWithoutGapsOrDuplicates() throws Exception {
    int each = 100;
    EventLog log = openLog(dir);
    try {
      log.append("setup", null, 0); // the log exists before the processes start
      List<Process> kids = new ArrayList<>();
      for (String tag : List.of("p1", "p2")) {
        kids.add(new ProcessBuilder(appenderCommand(dir, each, tag)).redirectErrorStream(true)
            .redirectOutput(dir.resolve(tag + ".log").toFile()).start());
      }
      for (int i = 0; i < each; i++) {
        log.append("p0", data(i), 0);
      }
      for (int k = 0; k < kids.size(); k++) {
        assertTrue(kids.get(k).waitFor(120, TimeUnit.SECONDS), "appender " + k + " finished");
        String out = Files.readString(dir.resolve("p" + (k + 1) + ".log"));
        assertEquals(0, kids.get(k).exitValue(), out);
        assertTrue(out.contains("done"), out);
      }
      int total = 1 + 3 * each;
      assertContiguous(log, total);
      Map<String, Integer> byType = new HashMap<>();
      log.read(0, total + 10).forEach(e -> byType.merge(e.type(), 1, Integer::sum));
      assertEquals(Map.of("setup", 1, "p0", each, "p1", each, "p2", each), byType);
    } finally {
      closeLog(log);
    }
  }

  @Test
  void aWaitIsWokenByAnAppendFromAnotherThread() throws Exception {
    withLog(log -> {
      log.append("first", null, 0);
      CompletableFuture<Optional<Event>> waiting = CompletableFuture.supplyAsync(() -> await(log, 1, Duration.ofSeconds(30)));
      Thread.sleep(100);
      assertFalse(waiting.isDone(), "waits while nothing comes");
      long t0 = System.nanoTime();
      log.append("second", null, 0);
      Optional<Event> got = waiting.get(10, TimeUnit.SECONDS);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "woken, not timed out");
      assertEquals(2, got.orElseThrow().v());
    });
  }

  @Test
  void aWaitIsWokenByAnAppendFromAnotherProcess() throws Exception {
    withLog(log -> {
      log.append("first", null, 0);
      CompletableFuture<Optional<Event>> waiting = CompletableFuture.supplyAsync(() -> await(log, 1, Duration.ofSeconds(30)));
      Process kid = new ProcessBuilder(appenderCommand(dir, 1, "other")).redirectErrorStream(true)
          .redirectOutput(dir.resolve("other.log").toFile()).start();
      assertTrue(kid.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, kid.exitValue(), Files.readString(dir.resolve("other.log")));
      Optional<Event> got = waiting.get(20, TimeUnit.SECONDS);
      assertEquals("other", got.orElseThrow().type());
    });
  }

  @Test
  void wakeEndsEveryWaitAndAWaitIsBounded() throws Exception {
    withLog(log -> {
      CompletableFuture<Optional<Event>> waiting = CompletableFuture.supplyAsync(() -> await(log, 0, Duration.ofSeconds(60)));
      Thread.sleep(100);
      long t0 = System.nanoTime();
      log.wake();
      assertTrue(waiting.get(10, TimeUnit.SECONDS).isEmpty(), "a woken wait returns empty");
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
      t0 = System.nanoTime();
      assertTrue(log.awaitNext(0, Duration.ofMillis(200)).isEmpty());
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "bounded");
      assertTrue(log.awaitNext(0, Duration.ZERO).isEmpty(), "zero: no wait");
    });
  }

  @Test
  void reopeningKeepsEverything() throws Exception {
    withLog(log -> {
      for (int i = 1; i <= 3; i++) {
        log.append("t", data(i), 0);
      }
    });
    withLog(log -> {
      assertEquals(3, log.head());
      assertEquals(List.of(1L, 2L, 3L), versions(log.read(0, 10)));
      assertEquals(4, log.append("t", data(4), 0).v(), "continues after the last version");
    });
  }

  @Test
  void badInputIsAnIllegalArgument() throws Exception {
    withLog(log -> {
      assertThrows(IllegalArgumentException.class, () -> log.append(null, null, 0));
      assertThrows(IllegalArgumentException.class, () -> log.append("", null, 0));
      assertThrows(IllegalArgumentException.class, () -> log.append("t", null, -1));
      assertThrows(IllegalArgumentException.class, () -> log.read(-1, 1));
      assertThrows(IllegalArgumentException.class, () -> log.read(0, 0));
      assertThrows(IllegalArgumentException.class, () -> log.awaitNext(0, null));
      assertEquals(0, log.head(), "nothing was appended");
    });
  }

  private static Optional<Event> await(EventLog log, long afterV, Duration timeout) {
    try {
      return log.awaitNext(afterV, timeout);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static List<Long> versions(List<Event> events) {
    List<Long> out = new ArrayList<>();
    events.forEach(e -> out.add(e.v()));
    return out;
  }

  private static void assertContiguous(EventLog log, int n) {
    assertEquals(n, log.head());
    List<Event> all = log.read(0, n + 10);
    assertEquals(n, all.size());
    for (int i = 0; i < n; i++) {
      assertNotNull(all.get(i));
      assertEquals(i + 1, all.get(i).v(), "gapless, in order");
    }
  }
}
