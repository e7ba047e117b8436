package io.strato.queue;

import static io.strato.queue.QueueTestSupport.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strato.db.DB;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetKnownVTest {
  @TempDir Path dir;

  @Test
  void onEmptyQueueBeforeOpen() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.setKnownV(10); // DB not open yet: applied on open
      assertEquals(10, q.getMaxV());
      assertEquals(11, q.add("a", null).v());
      assertEquals(12, q.add("b", null).v());
    }
  }

  @Test
  void onEmptyQueueAfterOpen() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      assertEquals(0, q.getMaxV()); // opens the DB
      q.setKnownV(7);
      assertEquals(7, q.getMaxV());
      assertEquals(8, q.add("a", null).v());
    }
  }

  @Test
  void afterExistingEvents() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.add("a", null);
      q.add("b", null);
      q.setKnownV(100);
      assertEquals(101, q.add("c", null).v());
      // lower than the existing versions: no effect
      q.setKnownV(5);
      assertEquals(102, q.add("d", null).v());
      assertEquals(102, q.getMaxV());
    }
  }

  @Test
  void neverLowers() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.setKnownV(20);
      q.setKnownV(3);
      assertEquals(20, q.getMaxV());
      assertEquals(21, q.add("a", null).v());
    }
  }

  @Test
  void negativeIsRejected() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      assertThrows(IllegalArgumentException.class, () -> q.setKnownV(-1));
      assertEquals(1, q.add("a", null).v());
    }
  }

  @Test
  void persistsInTheFile() {
    Path file = dir.resolve("k.db");
    try (DB db = DB.file(file)) {
      EventQueue q = queue(db);
      q.setKnownV(40);
      assertEquals(40, q.getMaxV());
    }
    try (DB db = DB.file(file)) {
      EventQueue q = queue(db);
      assertEquals(41, q.add("a", null).v(), "the sequence was raised in the file");
    }
  }

  @Test
  void insideATransaction() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.add("a", null);
      db.withTransaction(() -> {
        q.setKnownV(30);
        assertEquals(31, q.add("b", null).v());
      });
      assertEquals(31, q.getMaxV());
    }
  }
}
