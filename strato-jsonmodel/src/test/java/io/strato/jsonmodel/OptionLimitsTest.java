package io.strato.jsonmodel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented ranges of options, at their edges: the last accepted value and the first refused one. */
class OptionLimitsTest {
  @Test
  void snippetsTakeOneToSixtyFourTokens() {
    assertDoesNotThrow(() -> SearchOptions.options().snippet("b", "[", "]", "…", 1));
    assertDoesNotThrow(() -> SearchOptions.options().snippet("b", "[", "]", "…", 64));
    assertThrows(IllegalArgumentException.class, () -> SearchOptions.options().snippet("b", "[", "]", "…", 0));
    assertThrows(IllegalArgumentException.class, () -> SearchOptions.options().snippet("b", "[", "]", "…", 65));
    assertThrows(IllegalArgumentException.class, () -> SearchOptions.options().snippet("b", null, "]", "…", 5));
    assertThrows(IllegalArgumentException.class, () -> SearchOptions.options().snippet("b", "[", null, "…", 5));
    assertThrows(IllegalArgumentException.class, () -> SearchOptions.options().snippet("b", "[", "]", null, 5));
    SearchOptions o = SearchOptions.options().snippet("b", "[", "]", "…", 3).snippet("b", "<", ">", "…", 4);
    assertEquals(1, o.snippets().size(), "a second snippet of the same column replaces the first");
    assertEquals("<", o.snippets().get(0).open());
  }

  @Test
  void scoresAndSortDirections() {
    assertFalse(SearchOptions.options().isScores());
    assertTrue(SearchOptions.options().scores().isScores());
    assertTrue(new SearchOptions.Sort("a", false, -1).descending());
    assertFalse(new SearchOptions.Sort("a", false, 1).descending());
    assertFalse(new SearchOptions.Sort("a", false, 0).descending(), "0 is ascending");
  }

  @Test
  void batchWindowIsZeroToOneSecond() {
    assertDoesNotThrow(() -> ModelConfig.builder("m").batchWindow(Duration.ZERO));
    assertDoesNotThrow(() -> ModelConfig.builder("m").batchWindow(Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("m").batchWindow(Duration.ofNanos(-1)));
    assertThrows(IllegalArgumentException.class,
        () -> ModelConfig.builder("m").batchWindow(Duration.ofSeconds(1).plusNanos(1)));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("m").batchWindow(null));
  }

  @Test
  void modelNames() {
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder(""));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("a\0b"));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("SQLite_x"));
    assertDoesNotThrow(() -> ModelConfig.builder("x_sqlite_"));
    assertDoesNotThrow(() -> ModelConfig.builder("a"), "one character is enough");
  }

  @Test
  void migrationOptionsReplaceTheEarlierOnes() {
    ModelConfig<?> c = ModelConfig.builder("m").migrationOptions(Map.of("a", 1)).migrationOptions(Map.of("b", 2))
        .build();
    assertEquals(Map.of("b", 2), c.migrationOptions());
    assertEquals(Map.of(), ModelConfig.builder("m").migrationOptions(Map.of("a", 1)).migrationOptions(null).build()
        .migrationOptions());
  }
}
