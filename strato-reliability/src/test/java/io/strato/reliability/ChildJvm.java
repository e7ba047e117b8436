package io.strato.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A child JVM on the test class path; stdout lines are queued, stderr is collected. */
final class ChildJvm implements AutoCloseable {
  final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer all = new StringBuffer();
  private final StringBuffer err = new StringBuffer();

  ChildJvm(Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // quick start-up on a busy 2-core machine: C1 only, serial GC, small heap
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xss4m",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.sqlite.tmpdir=" + nativeDir(),
        "-cp", classPath(), main.getName()));
    cmd.addAll(List.of(args));
    process = new ProcessBuilder(cmd).start();
    pump(process.getInputStream(), true);
    pump(process.getErrorStream(), false);
  }

  private static String classPath;

  /**
   * Where children extract sqlite-jdbc's native library: a JVM killed with -9 cannot delete
   * its copy (about 1 MB each), so they go under target/ instead of piling up in /tmp.
   */
  private static synchronized String nativeDir() throws IOException {
    Path dir = Path.of("target", "child-native").toAbsolutePath();
    java.nio.file.Files.createDirectories(dir);
    return dir.toString();
  }

  /**
   * The test class path with every jar copied to target/child-cp once per test JVM, so that a
   * concurrent {@code mvn install} of an upstream module (rewriting the jar in ~/.m2) cannot
   * break child JVMs in the middle of a suite.
   */
  static synchronized String classPath() {
    if (classPath != null) {
      return classPath;
    }
    List<String> out = new ArrayList<>();
    Path dir = Path.of("target", "child-cp").toAbsolutePath();
    try {
      java.nio.file.Files.createDirectories(dir);
      for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        Path p = Path.of(e);
        if (!e.endsWith(".jar") || !java.nio.file.Files.isRegularFile(p)) {
          out.add(e);
          continue;
        }
        Path copy = dir.resolve(out.size() + "-" + p.getFileName());
        for (int attempt = 0; ; attempt++) {
          java.nio.file.Files.copy(p, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(copy.toFile())) {
            z.size();
            break;
          } catch (IOException bad) {
            if (attempt >= 20) {
              throw bad;
            }
            try {
              Thread.sleep(500);
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
              throw new IOException(ie);
            }
          }
        }
        out.add(copy.toString());
      }
    } catch (IOException e) {
      return System.getProperty("java.class.path");
    }
    classPath = String.join(java.io.File.pathSeparator, out);
    return classPath;
  }

  private void pump(java.io.InputStream in, boolean out) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (out) {
            lines.add(line);
            all.append(line).append('\n');
          } else {
            err.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        // process gone
      }
    }, "child-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Waits for a stdout line starting with prefix; fails with the child's output otherwise. */
  String await(String prefix, long timeoutMs) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (true) {
      long left = end - System.currentTimeMillis();
      String l = left <= 0 ? null : lines.poll(Math.min(left, 200), TimeUnit.MILLISECONDS);
      if (l != null && l.startsWith(prefix)) {
        return l;
      }
      if (l == null && (left <= 0 || (!process.isAlive() && lines.isEmpty()))) {
        throw new AssertionError("child did not print '" + prefix + "' (alive=" + process.isAlive() + ")\nstdout:\n"
            + all + "\nstderr:\n" + err);
      }
    }
  }

  void send(String line) throws IOException {
    OutputStream o = process.getOutputStream();
    o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    o.flush();
  }

  String output() {
    return "stdout:\n" + all + "\nstderr:\n" + err;
  }

  int waitFor(long timeoutMs) throws InterruptedException {
    if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("child did not finish in " + timeoutMs + " ms\n" + output());
    }
    return process.exitValue();
  }

  /** kill -9 and wait until the process is really gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("child survived destroyForcibly");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
