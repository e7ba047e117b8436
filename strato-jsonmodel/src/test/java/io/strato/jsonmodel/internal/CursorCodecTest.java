package io.strato.jsonmodel.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Keyset cursors: the boundary values come back exactly (a long above 2^53 must not turn into
 * a double, or a page repeats or skips rows), and a cursor that was cut, edited or made for
 * another sort is refused with a message saying which.
 */
class CursorCodecTest {
  private final CursorCodec codec = new CursorCodec(new ObjectMapper());

  /** A cursor with a valid checksum around any JSON text (what a forger would have to build). */
  private static String forged(String json) {
    byte[] j = json.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(j);
    byte[] out = ByteBuffer.allocate(4 + j.length).putInt((int) crc.getValue()).put(j).array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  private String refused(String cursor, int signature, int count) {
    return assertThrows(IllegalArgumentException.class, () -> codec.decode(cursor, signature, count, "m"))
        .getMessage();
  }

  @Test
  void valuesComeBackExactly() {
    long big = (1L << 53) + 1;
    byte[] bytes = {0, -1, 7};
    String c = codec.encode(42, false, Arrays.asList(big, Long.MIN_VALUE, 7, 0.1, "tëxt", bytes, null));
    CursorCodec.Decoded d = codec.decode(c, 42, 7, "m");
    assertFalse(d.before());
    assertEquals(big, d.values().get(0), "a long above 2^53 stays exact");
    assertEquals(Long.MIN_VALUE, d.values().get(1));
    assertEquals(7L, d.values().get(2), "ints come back as longs");
    assertEquals(0.1, d.values().get(3));
    assertEquals("tëxt", d.values().get(4));
    assertArrayEquals(bytes, (byte[]) d.values().get(5));
    assertNull(d.values().get(6));
    assertTrue(codec.decode(codec.encode(-1, true, List.of()), -1, 0, "m").before());
    assertFalse(codec.encode(1, false, List.of(1L)).contains("="), "URL-safe, no padding");
  }

  @Test
  void integersBeyondLongDecodeAsDoubles() {
    String c = forged("[\"a\",1,18446744073709551616]");
    assertEquals(1.8446744073709552E19, codec.decode(c, 1, 1, "m").values().get(0));
  }

  @Test
  void damagedOrForeignCursorsAreRefusedSayingWhy() {
    String bad = "JsonModel 'm': invalid cursor";
    String good = codec.encode(5, false, List.of(1L, "x"));
    assertEquals(bad + " (empty or too long)", refused("", 5, 2));
    assertEquals(bad + " (empty or too long)", refused("A".repeat(64 * 1024 + 1), 5, 2));
    assertEquals(bad + " (checksum mismatch: the cursor was changed)", refused("A".repeat(64 * 1024), 5, 2),
        "64 KiB is not too long (but not a valid cursor)");
    assertEquals(bad + " (not a cursor of this library)", refused("not base64!", 5, 2));
    assertEquals(bad + " (too short)", refused(Base64.getUrlEncoder().encodeToString(new byte[4]), 5, 2));
    assertEquals(bad + " (checksum mismatch: the cursor was changed)",
        refused(Base64.getUrlEncoder().encodeToString(new byte[5]), 5, 2), "five bytes are long enough to check");
    char last = good.charAt(good.length() - 2);
    String edited = good.substring(0, good.length() - 2) + (last == 'A' ? 'B' : 'A') + good.charAt(good.length() - 1);
    assertEquals(bad + " (checksum mismatch: the cursor was changed)", refused(edited, 5, 2));
    assertEquals(bad + ": it belongs to a search with a different sort", refused(good, 6, 2));
    assertEquals(bad + ": expected 3 sort values, found 2", refused(good, 5, 3));
    assertEquals(bad + " (not a cursor of this library)", refused(forged("[\"a\",5,"), 5, 0), "broken JSON");
    assertEquals(bad + " (malformed)", refused(forged("{}"), 5, 0));
    assertEquals(bad + " (malformed)", refused(forged("[\"a\"]"), 5, 0), "no signature");
    assertEquals(bad + " (malformed)", refused(forged("[1,5]"), 5, 0), "no direction");
    assertEquals(bad + " (malformed)", refused(forged("[\"a\",\"5\"]"), 5, 0), "a signature that is no int");
    assertEquals(bad + " (malformed direction)", refused(forged("[\"c\",5]"), 5, 0));
    assertEquals(0, codec.decode(forged("[\"a\",5]"), 5, 0, "m").values().size(), "no sort values at all");
    assertEquals(bad + " (unexpected value)", refused(forged("[\"a\",5,true]"), 5, 1));
    assertEquals(bad + " (unexpected value)", refused(forged("[\"a\",5,[1]]"), 5, 1));
    assertEquals(bad + " (unexpected value)", refused(forged("[\"a\",5,{\"b\":1}]"), 5, 1), "bytes must be text");
    assertEquals(bad + " (unexpected value)", refused(forged("[\"a\",5,{\"b\":\"AA==\",\"c\":1}]"), 5, 1));
    assertEquals(bad + " (malformed bytes)", refused(forged("[\"a\",5,{\"b\":\"!!\"}]"), 5, 1));
  }
}
