package io.strato.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strato.examples.snippets.OpsQuickStart;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations snippet does what the README says. */
class OpsQuickStartTest {
  @TempDir Path dir;

  @Test
  void aHaltedLogIsRepairedSnapshottedRebuiltAndVerified() {
    assertEquals(List.of(
        "failed: event 2",
        "halted at 2, lag 1, errors [_reduce_visits]",
        "replaced and processed: 2, version 2",
        "failed events left: 0",
        "snapshot at 2",
        "verify clean: true"), OpsQuickStart.run(dir));
  }
}
