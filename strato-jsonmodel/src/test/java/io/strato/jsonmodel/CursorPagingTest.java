package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static io.strato.jsonmodel.TestSupport.explain;
import static io.strato.jsonmodel.TestSupport.ids;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keyset paging: every row exactly once and in the unpaged order, for many sorts (NULLs and
 * duplicates included), backwards paging, bad cursors and index seeks.
 */
class CursorPagingTest {
  private static final int ROWS = 300;
  private static final String INJECTION = "x'); DROP TABLE \"t\"; --";
  private final DB db = DB.memory();
  private JsonModel<ObjectNode> m;
  private JsonModel<ObjectNode> ints;
  private JsonModel<ObjectNode> noRowId;

  @BeforeEach
  void fill() {
    m = model(db, ModelConfig.builder("t")
        .column("a", column().type(ColumnType.INTEGER).index(IndexKind.ALL))
        .column("b", column().index(IndexKind.DEFAULT))
        .column("c", column().type(ColumnType.REAL))
        .column("r", column().type(ColumnType.INTEGER).required().index(IndexKind.DEFAULT))
        .column("p", column().type(ColumnType.TEXT).parse(v -> v == null ? null : "parsed:" + v)));
    ints = model(db, ModelConfig.builder("ints")
        .column("id", column().type(ColumnType.INTEGER))
        .column("a", column().index(IndexKind.DEFAULT)));
    noRowId = model(db, ModelConfig.builder("norow").keepRowId(false)
        .column("a", column().type(ColumnType.INTEGER)));
    Random rnd = new Random(42);
    db.withTransaction(() -> {
      for (int i = 0; i < ROWS; i++) {
        // a: ~1/4 NULL, only 5 distinct values; b: ~1/3 NULL, 4 distinct strings (one an injection attempt)
        Integer a = rnd.nextInt(4) == 0 ? null : rnd.nextInt(5);
        String b = rnd.nextInt(3) == 0 ? null : List.of("alpha", "beta", INJECTION, "Gamma").get(rnd.nextInt(4));
        Double c = rnd.nextInt(5) == 0 ? null : rnd.nextInt(10) / 2.0;
        String id = "id" + rnd.nextInt(1_000_000) + "_" + i;
        ObjectNode o = obj("id", id, "r", i % 3, "p", "v" + (i % 4));
        if (a != null) {
          o.put("a", a);
        }
        if (b != null) {
          o.put("b", b);
        }
        if (c != null) {
          o.put("c", c);
        }
        m.set(o, false, true);
        ints.set(obj("a", a), false, true);
        noRowId.set(obj("id", String.format("k%03d", (i * 7919) % ROWS), "a", a), false, true);
      }
    });
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static String key(ObjectNode o) {
    return o.path("id").asText();
  }

  /** Pages forward and back with limit 7 and compares with the unpaged search. */
  private void checkPaging(JsonModel<ObjectNode> model, Map<String, ?> attrs, Supplier<SearchOptions> sort) {
    List<String> expected = new ArrayList<>();
    model.searchAll(attrs, sort.get()).forEach(o -> expected.add(key(o)));
    assertEquals(model.count(attrs, sort.get()), expected.size());
    List<List<String>> pages = new ArrayList<>();
    List<String> prevCursors = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      Page<ObjectNode> p = model.search(attrs, sort.get().limit(7).cursor(cursor));
      assertEquals((long) expected.size(), p.total());
      List<String> page = new ArrayList<>();
      p.items().forEach(o -> page.add(key(o)));
      assertTrue(!page.isEmpty() || expected.isEmpty(), "a cursor never leads to an empty page");
      pages.add(page);
      prevCursors.add(p.prevCursor());
      seen.addAll(page);
      assertTrue(pages.size() <= expected.size() / 7 + 2, "paging does not end");
      cursor = p.cursor();
    } while (cursor != null);
    assertEquals(expected, seen, "paged order equals unpaged order");
    assertEquals(expected.size(), new HashSet<>(seen).size(), "every row once");
    assertNull(prevCursors.get(0), "the first page has no previous page");
    // backwards: the prevCursor of page k gives page k-1, whose cursor gives page k again
    for (int k = pages.size() - 1; k > 0; k--) {
      Page<ObjectNode> back = model.search(attrs, sort.get().limit(7).cursor(prevCursors.get(k)));
      List<String> page = new ArrayList<>();
      back.items().forEach(o -> page.add(key(o)));
      assertEquals(pages.get(k - 1), page, "previous page of page " + k);
      assertEquals(k > 1, back.prevCursor() != null, "a previous page before page " + (k - 1));
      assertNotNull(back.cursor());
      Page<ObjectNode> again = model.search(attrs, sort.get().limit(7).cursor(back.cursor()));
      List<String> fwd = new ArrayList<>();
      again.items().forEach(o -> fwd.add(key(o)));
      assertEquals(pages.get(k), fwd, "next page after going back to page " + (k - 1));
    }
  }

  @Test
  void singleAscWithNullsAndDuplicates() {
    checkPaging(m, null, () -> options().sort("a", 1));
  }

  @Test
  void singleDescWithNullsAndDuplicates() {
    checkPaging(m, null, () -> options().sort("a", -1));
  }

  @Test
  void twoColumnsMixedDirections() {
    checkPaging(m, null, () -> options().sort("a", 1).sort("b", -2));
    checkPaging(m, null, () -> options().sort("b", -1).sort("c", 2));
    checkPaging(m, null, () -> options().sort("c", -1).sort("a", -2).sort("b", 3));
  }

  @Test
  void virtualAndRequiredAndParsedColumns() {
    checkPaging(m, null, () -> options().sort("b", 1));
    checkPaging(m, null, () -> options().sort("r", -1));
    checkPaging(m, null, () -> options().sort("p", 1).sort("a", -2));
  }

  @Test
  void sortSqlExpression() {
    checkPaging(m, null, () -> options().sortSql("coalesce(\"a\", 10) * 2 - length(json_extract(json, '$.b'))", 1));
    checkPaging(m, null, () -> options().sortSql("\"c\" IS NULL", -1).sort("a", 2));
  }

  @Test
  void byIdAndWithFiltersAndNoSort() {
    checkPaging(m, null, () -> options().sort("id", -1));
    checkPaging(m, null, () -> options().sort("id", 1));
    checkPaging(m, Map.of("b", "alpha"), () -> options().sort("a", -1));
    checkPaging(m, null, () -> options().where("\"a\" > ?", 1).sort("c", 1));
    checkPaging(m, null, SearchOptions::options);
  }

  @Test
  void integerIdAndWithoutRowIdTables() {
    checkPaging(ints, null, () -> options().sort("a", 1));
    checkPaging(ints, null, () -> options().sort("a", -1));
    checkPaging(ints, null, () -> options().sort("id", -1));
    checkPaging(noRowId, null, () -> options().sort("a", -1));
    checkPaging(noRowId, null, () -> options().sort("a", 1));
    checkPaging(noRowId, null, SearchOptions::options);
  }

  @Test
  void integerSortKeysAboveTwoToThe53PageExactly() {
    // above 2^53 a double cannot tell neighbours apart: a cursor decoded as a double would
    // skip or repeat rows at page boundaries
    try (DB own = DB.memory()) {
      bigKeys(own);
    }
  }

  private void bigKeys(DB own) {
    JsonModel<ObjectNode> big = model(own, ModelConfig.builder("big")
        .column("id", column().type(ColumnType.INTEGER))
        .column("n", column().type(ColumnType.INTEGER).index(IndexKind.DEFAULT)));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, new Random(7));
    own.withTransaction(() -> {
      for (int i : order) {
        big.set(obj("id", Long.MAX_VALUE - i, "n", (1L << 53) + i / 2)); // pairs: duplicates too
      }
    });
    checkPaging(big, Map.of(), () -> options().sort("n", 1));
    checkPaging(big, Map.of(), () -> options().sort("n", -1));
    checkPaging(big, Map.of(), () -> options().sort("id", 1));
    checkPaging(big, Map.of(), () -> options().sort("n", 1).sort("id", -2));
  }

  @Test
  void badCursorsAreRejected() {
    Page<ObjectNode> p = m.search(null, options().sort("a", 1).limit(7));
    String good = p.cursor();
    assertEquals(7, m.search(null, options().sort("a", 1).limit(7).cursor(good)).items().size());
    List<String> bad = new ArrayList<>(List.of("", "garbage", "!!!", "a.b", "AAAA", "eyJ9",
        Base64.getUrlEncoder().encodeToString("[\"a\",1,2]".getBytes(StandardCharsets.UTF_8)),
        good.substring(0, good.length() - 3), good + "AA"));
    char[] chars = good.toCharArray();
    for (int i = 0; i < chars.length; i += 3) {
      char[] t = chars.clone();
      t[i] = t[i] == 'A' ? 'B' : 'A';
      bad.add(new String(t));
    }
    Random rnd = new Random(1);
    for (int i = 0; i < 20; i++) {
      byte[] b = new byte[rnd.nextInt(60) + 1];
      rnd.nextBytes(b);
      bad.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }
    for (String c : bad) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> m.search(null, options().sort("a", 1).limit(7).cursor(c)), "cursor " + c);
      assertTrue(e.getMessage().contains("cursor"), e.getMessage());
    }
    // a cursor of another sort, direction or model
    assertThrows(IllegalArgumentException.class, () -> m.search(null, options().sort("a", -1).limit(7).cursor(good)));
    assertThrows(IllegalArgumentException.class, () -> m.search(null, options().sort("b", 1).limit(7).cursor(good)));
    assertThrows(IllegalArgumentException.class, () -> m.search(null, options().limit(7).cursor(good)));
    assertThrows(IllegalArgumentException.class, () -> ints.search(null, options().sort("a", 1).limit(7).cursor(good)));
    // a cursor needs a limit
    assertThrows(IllegalArgumentException.class, () -> m.search(null, options().sort("a", 1).cursor(good)));
    assertEquals(ROWS, m.count(null));
  }

  @Test
  void cursorValuesAreOnlyBound() {
    // page by b so the injection text ends up in cursors
    Set<String> seenB = new HashSet<>();
    String cursor = null;
    do {
      Page<ObjectNode> p = m.search(null, options().sort("b", 1).limit(3).cursor(cursor));
      p.items().forEach(o -> seenB.add(o.path("b").asText(null)));
      cursor = p.cursor();
    } while (cursor != null);
    assertTrue(seenB.contains(INJECTION));
    assertEquals(ROWS, m.count(null));
    SelectQuery q = m.makeSelect(null, options().sort("b", 1).limit(3)
        .cursor(m.search(Map.of("b", INJECTION), options().sort("b", 1).limit(1)).cursor()));
    assertFalse(q.sql().contains("DROP"), q.sql());
    assertTrue(q.params().contains(INJECTION), q.params().toString());
  }

  private String deepCursor(SearchOptions o) {
    String cursor = null;
    for (int i = 0; i < 20; i++) {
      cursor = m.search(null, o.copy().limit(7).cursor(cursor)).cursor();
    }
    assertNotNull(cursor);
    return cursor;
  }

  @Test
  void deepPagesSeekTheIndex() {
    SelectQuery q = m.makeSelect(null, options().sort("a", 1).limit(7).cursor(deepCursor(options().sort("a", 1))));
    String plan = explain(db, q);
    assertTrue(plan.contains("SEARCH") && plan.contains("t_a"), plan);
    assertFalse(plan.contains("SCAN t") && !plan.contains("USING INDEX"), plan);
    assertFalse(q.sql().toUpperCase().contains("COALESCE"), q.sql());
    // a NOT NULL (required) column seeks in both directions
    q = m.makeSelect(null, options().sort("r", -1).limit(7).cursor(deepCursor(options().sort("r", -1))));
    plan = explain(db, q);
    assertTrue(plan.contains("SEARCH") && plan.contains("t_r"), plan);
    // the id is NOT NULL too
    q = m.makeSelect(null, options().sort("id", -1).limit(7).cursor(deepCursor(options().sort("id", -1))));
    plan = explain(db, q);
    assertTrue(plan.contains("SEARCH") && plan.contains("t_id"), plan);
    // A DESC sort on a nullable column cannot be one range: the rows after v are "a < v OR a IS
    // NULL" (NULLs sort last in DESC), so SQLite walks the index from its end instead of
    // seeking. It still uses the index for the order (no temp b-tree sort).
    q = m.makeSelect(null, options().sort("a", -1).limit(7).cursor(deepCursor(options().sort("a", -1))));
    plan = explain(db, q);
    assertTrue(plan.contains("t_a") && !plan.contains("TEMP B-TREE"), plan);
    // the virtual indexed column b: partial index, a cursor bound implies b IS NOT NULL
    q = m.makeSelect(null, options().sort("b", 1).limit(7).cursor(deepCursor(options().sort("b", 1))));
    plan = explain(db, q);
    assertTrue(plan.contains("SEARCH") && plan.contains("t_b"), plan);
  }
}
