package io.strato.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON text {@code Sql.json} binds: exact output, escapes, and the 1000-level nesting limit. */
class JsonTextTest {
  private static Object lists(int levels) {
    Object v = 1;
    for (int i = 0; i < levels; i++) {
      List<Object> l = new ArrayList<>();
      l.add(v);
      v = l;
    }
    return v;
  }

  private static Object maps(int levels) {
    Object v = 1;
    for (int i = 0; i < levels; i++) {
      v = Map.of("k", v);
    }
    return v;
  }

  @Test
  void nestingUpTo1000LevelsIsWrittenAndOneMoreIsRefused() {
    assertTrue(JsonText.write(lists(1000)).startsWith("[[[["));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonText.write(lists(1001)));
    assertTrue(e.getMessage().contains("1000 levels"), e.getMessage());
    assertTrue(JsonText.write(maps(1000)).endsWith(":1" + "}".repeat(1000)));
    assertThrows(IllegalArgumentException.class, () -> JsonText.write(maps(1001)));
  }

  @Test
  void containersAreWrittenExactly() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", List.of(1, 2.5, true, "x"));
    m.put("b", null);
    m.put("c", Map.of());
    m.put("d", new int[] {3, 4});
    m.put("e", new ArrayList<>());
    assertEquals("{\"a\":[1,2.5,true,\"x\"],\"b\":null,\"c\":{},\"d\":[3,4],\"e\":[]}", JsonText.write(m));
    assertEquals("{\"1\":\"c\"}", JsonText.write(Map.of(1, 'c')));
  }

  @Test
  void stringsAreEscaped() {
    assertEquals("\"q\\\" b\\\\ n\\n r\\r t\\t b\\b f\\f\"", JsonText.write("q\" b\\ n\n r\r t\t b\b f\f"));
    assertEquals("\"\\u0001\\u001f \\u2028\\u2029 é😀\"", JsonText.write("\u0001\u001f \u2028\u2029 é😀"));
  }

  @Test
  void valuesJsonCannotHoldAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> JsonText.write(Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> JsonText.write(Double.NEGATIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> JsonText.write(new byte[] {1}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonText.write(new Object()));
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    assertEquals("1.5", JsonText.write(1.5f));
  }
}
