package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DBException;
import io.strato.es.spi.ReduceResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The traps a new user falls into, each a clear error or warning that names what is wrong. */
class TrapsTest {
  @TempDir Path dir;

  @Test
  void theSameFileForStateAndQueueIsRefusedAtBuild() {
    Path f = dir.resolve("app.db");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EventSourcingDB.builder().file(f).queueFile(dir.resolve("sub/../app.db")).build());
    assertTrue(e.getMessage().contains("file() and queueFile() are the same file (" + f.toAbsolutePath() + ")"),
        e.getMessage());
  }

  @Test
  void aDbWithoutModelsWarnsAtOpenAndOpeningSaysWhereItStands() {
    String log = captureStderr(() -> {
      try (EventSourcingDB es = EventSourcingDB.builder().file(dir.resolve("bare.db")).build()) {
        es.open();
      }
    });
    assertTrue(log.contains("no models registered"), log);

    String info = captureStderr(() -> {
      try (EventSourcingDB es = builder(dir).reducer(red("c", c -> ReduceResult.result().set(obj("id", "c"))))
          .build()) {
        es.dispatch("x", null);
      }
    });
    assertTrue(!info.contains("no models registered"), info);
  }

  @Test
  void anEmptyIdIsRejected() {
    try (EventSourcingDB es = builder(dir).reducer(red("notes", c -> null)).build()) {
      ESModel<ObjectNode> notes = es.esModel("notes");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> notes.set(obj("id", "")));
      assertTrue(e.getMessage().contains("'notes'") && e.getMessage().contains("must not be an empty string"),
          e.getMessage());
      assertEquals(0, es.queue().getMaxV(), "refused before it entered the log");
    }
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path f = dir.resolve("no/such/dir/app.db");
    try (EventSourcingDB es = EventSourcingDB.builder().file(f).reducer(red("c", c -> null)).build()) {
      DBException e = assertThrows(DBException.class, es::open);
      assertTrue(e.getMessage().contains("cannot open " + f.toAbsolutePath()), e.getMessage());
      assertTrue(e.getMessage().contains("the directory " + dir.resolve("no").toAbsolutePath() + " does not exist"),
          e.getMessage());
    }
  }

  @Test
  void aParentThatIsAFileIsNamed() throws Exception {
    Path notADir = Files.writeString(dir.resolve("plain.txt"), "x");
    Path f = notADir.resolve("app.db");
    try (EventSourcingDB es = EventSourcingDB.builder().file(f).reducer(red("c", c -> null)).build()) {
      DBException e = assertThrows(DBException.class, es::open);
      assertTrue(e.getMessage().contains(notADir.toAbsolutePath() + " is not a directory"), e.getMessage());
    }
  }

  @Test
  void aMissingFileOpenedReadOnlyIsNamed() {
    Path f = dir.resolve("missing.db");
    try (EventSourcingDB es = EventSourcingDB.builder().file(f).readOnly(true).reducer(red("c", c -> null)).build()) {
      DBException e = assertThrows(DBException.class, es::open);
      assertTrue(e.getMessage().contains("cannot open " + f.toAbsolutePath()), e.getMessage());
      assertTrue(e.getMessage().contains("does not exist, and a read-only DB does not create it"), e.getMessage());
    }
  }

  /** Runs {@code r} with System.err captured (slf4j-simple writes there in tests). */
  static String captureStderr(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
