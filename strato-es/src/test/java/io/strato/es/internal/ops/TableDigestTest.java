package io.strato.es.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.strato.db.DB;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** verify compares documents, not the order their keys were written in. */
class TableDigestTest {
  private static Map<String, Long> digest(String json) {
    try (DB db = DB.memory()) {
      db.exec("CREATE TABLE t(id TEXT PRIMARY KEY, json TEXT)");
      db.run("INSERT INTO t VALUES ('x', ?)", json);
      return TableDigest.of(db, "t", "id");
    }
  }

  @Test
  void keyOrderDoesNotMatterButValuesDo() {
    assertEquals(digest("{\"a\":1,\"b\":{\"c\":[1,{\"e\":2,\"d\":3}]}}"),
        digest("{\"b\":{\"c\":[1,{\"d\":3,\"e\":2}]},\"a\":1}"));
    assertNotEquals(digest("{\"a\":1}"), digest("{\"a\":2}"));
    assertNotEquals(digest("[1,2]"), digest("[2,1]"), "array order matters");
    assertEquals("not json {", TableDigest.canonicalJson("not json {"));
  }
}
