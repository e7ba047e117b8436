package io.strato.jsonmodel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Slugs at their edges: empty input, the length cut, surrogate pairs, and running out of suffixes. */
class SlugsTest {
  @Test
  void emptyOrPunctuationOnlyTextGivesItem() {
    assertEquals("item", Slugs.slugify(null));
    assertEquals("item", Slugs.slugify(""));
    assertEquals("item", Slugs.slugify(" -!?- "));
    assertEquals("a-b", Slugs.slugify("--a  b--"));
  }

  @Test
  void slugsAreCutAtMaxLengthWithoutATrailingDashOrHalfACharacter() {
    String exact = "a".repeat(Slugs.MAX_LENGTH);
    assertEquals(exact, Slugs.slugify(exact), "exactly MAX_LENGTH stays whole");
    assertEquals(exact, Slugs.slugify(exact + "b"));
    assertEquals("a".repeat(Slugs.MAX_LENGTH - 1), Slugs.slugify("a".repeat(Slugs.MAX_LENGTH - 1) + " bcd"),
        "no dash left at the cut");
    // 𠀀 (U+20000) is a letter outside the BMP: two chars. Cutting between them would leave half.
    String s = Slugs.slugify("a".repeat(Slugs.MAX_LENGTH - 1) + "𠀀𠀀");
    assertEquals("a".repeat(Slugs.MAX_LENGTH - 1), s);
    String t = Slugs.slugify("a".repeat(Slugs.MAX_LENGTH - 2) + "𠀀𠀀");
    assertEquals("a".repeat(Slugs.MAX_LENGTH - 2) + "𠀀", t, "a whole pair that fits is kept");
  }

  @Test
  void uniqueCountsFromTwoAndFallsBackToARandomSuffix() {
    assertEquals("x", Slugs.unique("x", s -> false));
    assertEquals("x-2", Slugs.unique("x", s -> s.equals("x")));
    Set<String> taken = new HashSet<>();
    taken.add("x");
    for (int i = 2; i < 10_000; i++) {
      taken.add("x-" + i);
    }
    assertEquals("x-9999", Slugs.unique("x", s -> taken.contains(s) && !s.equals("x-9999")), "the last numbered try");
    String random = Slugs.unique("x", taken::contains);
    assertTrue(random.matches("x-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), random);
  }
}
