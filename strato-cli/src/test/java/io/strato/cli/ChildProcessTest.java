package io.strato.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in its own JVM, as an operator runs it: the main class with the test class path
 * <em>without</em> the example application, whose models come only through {@code --classpath}
 * (a URLClassLoader). The real exit code of {@code System.exit} is checked.
 */
class ChildProcessTest {
  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private Run strato(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("strato-examples")).collect(Collectors.joining(File.pathSeparator));
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, StratoCli.class.getName()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "finished");
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static String examplesEntry() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("strato-examples")).findFirst().orElseThrow();
  }

  @Test
  void readCommandsNeedNoApplicationCodeAndWritingOnesTakeItsClassPath() throws Exception {
    Path db = Cli.ledger(dir);
    Run status = strato("status", "--db", db.toString());
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().startsWith("version   8\n"), status.out());
    assertEquals("", status.err(), "no log noise on stderr");

    Run missing = strato("verify", "--db", db.toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().startsWith("strato verify: no model on the class path for accounts, stats, transfers"),
        missing.err());

    // the rows were written by this JVM, the replay runs in the child: verify compares JSON with
    // sorted keys, so the example's Map.of rows (key order differs per JVM) are no drift
    Run verify = strato("verify", "--db", db.toString(), "--classpath", examplesEntry());
    assertEquals(0, verify.code(), verify.err());
    assertEquals("clean: every model table matches a replay at version 8\n", verify.out());

    Path replayed = dir.resolve("replayed.db");
    Run replay = strato("replay", "--into", replayed.toString(), "--db", db.toString(), "--classpath", examplesEntry());
    assertEquals(0, replay.code(), replay.err());
    assertEquals("replayed into " + replayed + " at version 8\n", replay.out());
    assertTrue(replay.err().contains("replaying: 8/8 events (100%)"), replay.err());
    assertEquals(strato("models", "--db", db.toString()).out(), strato("models", "--db", replayed.toString()).out());

    Run usage = strato("status", "--bogus");
    assertEquals(2, usage.code());
    Run file = strato("status", "--db", dir.resolve("none.db").toString());
    assertEquals(3, file.code());
  }
}
