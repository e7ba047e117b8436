package io.strato.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar ({@code java -jar target/strato.jar}) and the {@code strato} launcher, run after
 * {@code package} by failsafe, as an operator runs them.
 */
class JarIT {
  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private Run exec(List<String> cmd, Map<String, String> env) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "finished");
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private Run jar(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("strato.jar")));
    cmd.addAll(List.of(args));
    return exec(cmd, Map.of());
  }

  @Test
  void theJarRunsOnItsOwn() throws Exception {
    Run help = jar("--help");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().startsWith("Usage: strato [-hV] [COMMAND]"), help.out());

    Path db = Cli.ledger(dir);
    Run status = jar("status", "--db", db.toString(), "--json");
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().contains("\"version\" : 8"), status.out());
    assertEquals("", status.err());

    Run missing = jar("retry", "--db", db.toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().startsWith("strato retry: no model on the class path for accounts, stats, transfers"),
        missing.err());
    assertEquals(3, jar("status", "--db", dir.resolve("none.db").toString()).code());
    assertEquals(2, jar("nope").code());
  }

  @Test
  void theLauncherRunsTheJar() throws Exception {
    Path db = Cli.ledger(dir);
    Run r = exec(List.of("sh", System.getProperty("strato.launcher"), "history", "--limit", "2"),
        Map.of("STRATO_DB", db.toString(), "STRATO_JAR", System.getProperty("strato.jar"),
            "JAVA_HOME", System.getProperty("java.home")));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().endsWith("(more: --from 3)\n"), r.out());
  }
}
