package io.strato.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends suite figures to target/reliability-figures.txt (read by humans and the README). */
final class Report {
  private static boolean started;

  private Report() {}

  /** Records one figure; the file is started afresh by the first figure of a test JVM. */
  static synchronized void put(String key, Object value) {
    try {
      Path p = Path.of("target", "reliability-figures.txt");
      Files.createDirectories(p.getParent());
      Files.writeString(p, key + "=" + value + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
      started = true;
    } catch (IOException e) {
      // figures are informational
    }
  }
}
