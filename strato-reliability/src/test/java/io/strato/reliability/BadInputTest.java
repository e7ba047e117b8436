package io.strato.reliability;

import static io.strato.jsonmodel.ColumnDef.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBException;
import io.strato.db.Sql;
import io.strato.db.StratoException;
import io.strato.db.TxBody;
import io.strato.es.ESModel;
import io.strato.es.EventSourcingDB;
import io.strato.es.spi.EventModel;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.LoaderCache;
import io.strato.jsonmodel.ModelConfig;
import io.strato.jsonmodel.Page;
import io.strato.jsonmodel.SearchOptions;
import io.strato.jsonmodel.WriteOptions;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table-driven bad input over the public methods of DB, JsonModel, EventQueue, EventSourcingDB
 * and ESModel. Each case states the outcome (works / IllegalArgumentException / StratoException
 * / either), words of which at least one must appear in the message (the model, column or
 * option at fault), and whether the call may write: if not, a SHA-256 of every table of the
 * three database files must be the same before and after. No case may throw a
 * NullPointerException or StackOverflowError (anywhere in the cause chain) or hang (10 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  static final String SQLI = "x' OR 1=1 --";
  static final String DROP = "'; DROP TABLE people; --";
  static final String BIG = "x".repeat(10 * 1024 * 1024);
  static final AtomicInteger CASES = new AtomicInteger();

  @TempDir static Path dir;
  DB db;
  JsonModel<ObjectNode> people;
  DB qdb;
  EventQueue queue;
  EventSourcingDB es;
  ESModel<ObjectNode> notes;
  DB roDb;
  JsonModel<ObjectNode> roPeople;
  final List<DB> observers = new ArrayList<>();

  /** OK works; IAE / STRATO / ERR (either of them) must throw; EITHER may work or throw one of ours. */
  enum Kind { OK, IAE, STRATO, ERR, EITHER }

  /** One bad-input case. */
  static final class Case {
    final String name;
    final Kind kind;
    final String[] names;
    final ThrowingSupplier call;
    boolean writes;
    Runnable setup;
    Runnable cleanup;
    Consumer<Object> check;
    int dbCode = -1;

    Case(String name, Kind kind, String[] names, ThrowingSupplier call) {
      this.name = name;
      this.kind = kind;
      this.names = names;
      this.call = call;
    }

    Case writes() {
      writes = true;
      return this;
    }

    Case setup(Runnable r) {
      setup = r;
      return this;
    }

    Case cleanup(Runnable r) {
      cleanup = r;
      return this;
    }

    Case check(Consumer<Object> c) {
      check = c;
      return this;
    }

    Case code(int c) {
      dbCode = c;
      return this;
    }
  }

  interface ThrowingSupplier {
    Object get() throws Exception;
  }

  static Case ok(String name, ThrowingSupplier call) {
    return new Case(name, Kind.OK, new String[0], call);
  }

  static Case iae(String name, ThrowingSupplier call, String... names) {
    return new Case(name, Kind.IAE, names, call);
  }

  static Case strato(String name, ThrowingSupplier call, String... names) {
    return new Case(name, Kind.STRATO, names, call);
  }

  static Case err(String name, ThrowingSupplier call, String... names) {
    return new Case(name, Kind.ERR, names, call);
  }

  static Case either(String name, ThrowingSupplier call, String... names) {
    return new Case(name, Kind.EITHER, names, call);
  }

  static final class Notes implements EventModel {
    @Override
    public String name() {
      return "notes";
    }

    @Override
    public ModelConfig<?> config() {
      return ModelConfig.builder("notes").column("title", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT)).build();
    }
  }

  static ModelConfig<ObjectNode> peopleConfig() {
    return ModelConfig.builder("people")
        .column("name", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT))
        .column("age", column().type(ColumnType.INTEGER))
        .column("email", column().type(ColumnType.TEXT).index(IndexKind.SPARSE).unique())
        .column("tags", column().isArray())
        .column("city", column().path("info.city"))
        .build();
  }

  @BeforeAll
  @SuppressWarnings("unchecked")
  void setUp() {
    db = DB.builder().file(dir.resolve("bad.db")).name("bad").busyTimeout(Duration.ofSeconds(2)).build();
    people = db.addModel(d -> new JsonModel<>(d, peopleConfig()));
    for (int i = 0; i < 20; i++) {
      people.set(person("p" + i, "n" + i, i));
    }
    qdb = DB.builder().file(dir.resolve("queue.db")).name("qdb").build();
    queue = qdb.addModel(EventQueue::new);
    for (int i = 0; i < 5; i++) {
      queue.add("seed", Map.of("i", i));
    }
    es = EventSourcingDB.builder().file(dir.resolve("es.db")).name("esdb").model(new Notes())
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(1).build();
    notes = es.model("notes", ESModel.class);
    for (int i = 0; i < 5; i++) {
      notes.set(obj("id", "n" + i, "title", "note " + i));
    }
    roDb = DB.builder().file(dir.resolve("bad.db")).name("bad-ro").readOnly(true).build();
    roPeople = roDb.addModel(d -> new JsonModel<>(d, peopleConfig()));
    for (String f : List.of("bad.db", "queue.db", "es.db")) {
      observers.add(DB.builder().file(dir.resolve(f)).name("observer-" + f).build());
    }
  }

  @AfterAll
  void tearDown() {
    System.out.println("BadInputTest: " + CASES.get() + " bad-input cases tried");
    Report.put("bad.cases", CASES.get());
    for (AutoCloseable c : new AutoCloseable[] {es, roDb, db, qdb}) {
      try {
        c.close();
      } catch (Exception e) {
        // ignore
      }
    }
    observers.forEach(DB::close);
  }

  static ObjectNode obj(Object... kv) {
    ObjectNode o = Bank.M.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      o.set((String) kv[i], Bank.M.valueToTree(kv[i + 1]));
    }
    return o;
  }

  static ObjectNode person(String id, String name, int age) {
    ObjectNode p = obj("id", id, "name", name, "age", age, "email", id + "@example.org", "tags", List.of("a", "t" + age));
    p.putObject("info").put("city", "c" + (age % 3));
    return p;
  }

  /** An object nested {@code depth} levels deep, built without recursion. */
  static ObjectNode deepNode(int depth) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode cur = root;
    for (int i = 0; i < depth; i++) {
      cur = cur.putObject("a");
    }
    return root;
  }

  static Map<String, Object> deepMap(int depth) {
    Map<String, Object> root = new HashMap<>();
    Map<String, Object> cur = root;
    for (int i = 0; i < depth; i++) {
      Map<String, Object> next = new HashMap<>();
      cur.put("a", next);
      cur = next;
    }
    return root;
  }

  static String deepJson(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  /** A cursor as the library encodes it: URL-safe Base64 of CRC32 + JSON array. */
  static String forgeCursor(String json) {
    byte[] j = json.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(j);
    byte[] out = ByteBuffer.allocate(4 + j.length).putInt((int) crc.getValue()).put(j).array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  static JsonNode decodeCursor(String cursor) throws Exception {
    byte[] raw = Base64.getUrlDecoder().decode(cursor);
    return Bank.M.readTree(Arrays.copyOfRange(raw, 4, raw.length));
  }

  String realCursor(SearchOptions o) {
    return people.search(null, o).cursor();
  }

  static SearchOptions opts() {
    return SearchOptions.options();
  }

  static void expectEmpty(Object r) {
    if (r instanceof Optional<?> o) {
      assertTrue(o.isEmpty(), "expected nothing, got " + o);
    } else if (r instanceof Page<?> p) {
      assertTrue(p.items().isEmpty(), "expected no rows, got " + p.items());
    } else if (r instanceof List<?> l) {
      assertTrue(l.stream().allMatch(x -> x == null), "expected nothing, got " + l);
    } else if (r instanceof Number n) {
      assertEquals(0, n.longValue(), "expected 0");
    } else if (r instanceof Boolean b) {
      assertTrue(!b, "expected false");
    }
  }

  List<Case> cases() throws Exception {
    List<Case> c = new ArrayList<>();
    // ---------------------------------------------------------------- DB
    c.add(iae("DB.all(null sql)", () -> db.all((String) null), "sql"));
    c.add(iae("DB.all(empty sql)", () -> db.all(""), "sql"));
    c.add(iae("DB.all(blank sql)", () -> db.all("   "), "sql"));
    c.add(iae("DB.all(null Sql)", () -> db.all((Sql) null), "sql"));
    c.add(iae("DB.get(null sql)", () -> db.get((String) null), "sql"));
    c.add(iae("DB.run(null sql)", () -> db.run((String) null), "sql"));
    c.add(iae("DB.run(null Sql)", () -> db.run((Sql) null), "sql"));
    c.add(iae("DB.exec(null)", () -> {
      db.exec(null);
      return null;
    }, "sql"));
    c.add(iae("DB.exec(empty)", () -> {
      db.exec("");
      return null;
    }, "sql"));
    c.add(iae("DB.each(null callback)", () -> {
      db.each("SELECT 1", null, null);
      return null;
    }, "onRow", "callback"));
    c.add(iae("DB.prepare(null)", () -> db.prepare(null), "sql"));
    c.add(iae("DB.withTransaction(null)", () -> db.withTransaction((TxBody<Object>) null), "body", "withTransaction"));
    c.add(iae("DB.addModel(null)", () -> db.addModel(null), "factory", "addModel"));
    // (after open the model's migrations are refused first: either error is fine, it names the model)
    c.add(err("DB.addModel(duplicate name)", () -> db.addModel(d -> new JsonModel<>(d, peopleConfig())), "people"));
    c.add(iae("DB.addModel(duplicate name) before open", () -> {
      DB m = DB.memory();
      m.addModel(d -> new JsonModel<>(d, peopleConfig()));
      return m.addModel(d -> new JsonModel<>(d, peopleConfig()));
    }, "people"));
    c.add(iae("DB.model(unknown)", () -> db.model("nosuchmodel", JsonModel.class), "nosuchmodel"));
    c.add(iae("DB.model(null name)", () -> db.model(null, JsonModel.class), "model"));
    c.add(iae("DB.model(wrong type)", () -> db.model("people", EventQueue.class), "people"));
    c.add(iae("DB.addListener(null)", () -> db.addListener(null), "listener"));
    c.add(iae("DB.runOnceOnOpen(null)", () -> {
      db.runOnceOnOpen(null);
      return null;
    }, "runOnceOnOpen", "fn"));
    c.add(err("DB.registerMigrations after open", () -> {
      db.registerMigrations("late", Map.of("1", d -> d.exec("CREATE TABLE late(x)")));
      return null;
    }, "migration", "late"));
    c.add(strato("DB.all(unknown table)", () -> db.all("SELECT * FROM nosuchtable"), "nosuchtable"));
    c.add(strato("DB.run(syntax error)", () -> db.run("INSERT INTO people VALUES ((("), "syntax", "people"));
    c.add(err("DB.all(too many params)", () -> db.all("SELECT ? AS a", 1, 2), "param", "bind", "argument"));
    c.add(err("DB.all(unbindable param)", () -> db.all("SELECT ? AS a", new Object()), "param", "Object", "bind"));
    c.add(ok("DB.get(SQL injection as bound param)", () -> db.get("SELECT id FROM people WHERE id = ?", SQLI))
        .check(BadInputTest::expectEmpty));
    c.add(ok("DB.all(10 MB string param)", () -> db.get("SELECT length(?) AS n", BIG))
        .check(r -> assertEquals(BIG.length(), ((Optional<io.strato.db.Row>) r).orElseThrow().getLong("n"))));
    c.add(new Case("DB.withTransaction(body throws) rolls back", Kind.OK, new String[0], () -> {
      try {
        db.withTransaction(() -> {
          people.set(person("tx-new", "tx", 1));
          people.remove("p1");
          throw new IllegalStateException("boom");
        });
      } catch (IllegalStateException e) {
        assertEquals("boom", e.getMessage(), "the body's exception is rethrown as is");
        return null;
      }
      fail("exception swallowed");
      return null;
    }));
    c.add(iae("DB.Builder.file(null)", () -> DB.builder().file(null), "file"));
    c.add(iae("DB.Builder.name(empty)", () -> DB.builder().name(""), "name"));
    c.add(iae("DB.Builder.readers(0)", () -> DB.builder().readers(0), "readers"));
    c.add(iae("DB.Builder.busyTimeout(null)", () -> DB.builder().busyTimeout(null), "busyTimeout"));
    c.add(iae("DB.Builder.busyTimeout(negative)", () -> DB.builder().busyTimeout(Duration.ofSeconds(-1)), "busyTimeout"));
    c.add(iae("DB.Builder.vacuumInterval(0)", () -> DB.builder().vacuumInterval(Duration.ZERO), "vacuumInterval"));
    c.add(iae("DB.Builder.vacuumPageCount(0)", () -> DB.builder().vacuumPageCount(0), "vacuumPageCount"));
    c.add(iae("DB.file(null)", () -> DB.file(null), "file"));
    c.add(err("Sql.of(null)", () -> Sql.of(null), "sql", "text"));
    c.add(err("Sql.id(null)", () -> Sql.of("SELECT ").id(null), "identifier", "id"));
    c.add(err("Sql.quoteId(null)", () -> Sql.quoteId(null), "identifier", "id"));
    // a quoted identifier is one name: it names no table, so SQLite refuses it instead of running the DROP
    c.add(strato("Sql.id(injection) is quoted, names no table", () -> db.all(
        Sql.of("SELECT count(*) AS n FROM ").id("people\"; DROP TABLE people; --")), "no such table", "people"));
    c.add(ok("DB closed: next call reopens", () -> {
      db.close();
      assertTrue(!db.isOpen());
      Object r = people.get("p1").orElseThrow();
      assertTrue(db.isOpen(), "reopened");
      return r;
    }));
    c.add(ok("DB closed twice", () -> {
      db.close();
      db.close();
      return people.count(Map.of());
    }).check(r -> assertEquals(20L, r)));
    c.add(ok("read-only DB: reads work", () -> roPeople.get("p1").orElseThrow()));
    c.add(strato("read-only DB: set", () -> roPeople.set(person("ro", "ro", 1)), "read-only", "readonly", "read only"));
    c.add(strato("read-only DB: update", () -> roPeople.update(Map.of("id", "p1", "age", 3)), "read-only", "readonly",
        "read only"));
    c.add(strato("read-only DB: remove", () -> {
      roPeople.remove("p1");
      return null;
    }, "read-only", "readonly", "read only"));
    c.add(strato("read-only DB: withTransaction", () -> roDb.withTransaction(() -> 1), "read-only", "readonly",
        "read only"));
    c.add(strato("read-only DB: run", () -> roDb.run("DELETE FROM people"), "read-only", "readonly", "read only"));
    c.add(strato("read-only DB: userVersion(int)", () -> {
      roDb.userVersion(7);
      return null;
    }, "read-only", "readonly", "read only"));

    // ---------------------------------------------------------------- JsonModel reads
    c.add(iae("JsonModel.get(null)", () -> people.get(null), "people"));
    c.add(iae("JsonModel.get(Object id)", () -> people.get(new Object()), "people"));
    c.add(iae("JsonModel.get(map id)", () -> people.get(Map.of("id", "p1")), "people"));
    c.add(ok("JsonModel.get(empty id)", () -> people.get("")).check(BadInputTest::expectEmpty));
    c.add(ok("JsonModel.get(injection id)", () -> people.get(SQLI)).check(BadInputTest::expectEmpty));
    c.add(ok("JsonModel.get(DROP id)", () -> people.get(DROP)).check(BadInputTest::expectEmpty));
    c.add(ok("JsonModel.get(10 MB id)", () -> people.get(BIG)).check(BadInputTest::expectEmpty));
    c.add(iae("JsonModel.get(value, unknown column)", () -> people.get("x", "nocolumn"), "nocolumn"));
    c.add(iae("JsonModel.get(value, null column)", () -> people.get("x", null), "people", "column"));
    c.add(iae("JsonModel.get(value, injection column)", () -> people.get("x", "name = name OR 1=1 --"), "name = name"));
    c.add(ok("JsonModel.get(injection value, column)", () -> people.get(SQLI, "name")).check(BadInputTest::expectEmpty));
    c.add(iae("JsonModel.getAll(null)", () -> people.getAll(null), "people"));
    c.add(iae("JsonModel.getAll(ids, unknown column)", () -> people.getAll(List.of("p1"), "nocolumn"), "nocolumn"));
    c.add(ok("JsonModel.getAll(null inside)", () -> people.getAll(Arrays.asList("p1", null, SQLI)))
        .check(r -> {
          List<?> l = (List<?>) r;
          assertEquals(3, l.size());
          assertTrue(l.get(0) != null && l.get(1) == null && l.get(2) == null, String.valueOf(l));
        }));
    c.add(err("JsonModel.getAll(unbindable id)", () -> people.getAll(List.of(new Object())), "people"));
    c.add(iae("JsonModel.getCached(null cache)", () -> people.getCached(null, "p1"), "people", "cache"));
    c.add(iae("JsonModel.getCached(null id)", () -> people.getCached(new LoaderCache(), null), "people"));
    c.add(iae("JsonModel.getCached(unknown column)", () -> people.getCached(new LoaderCache(), "x", "nocolumn"),
        "nocolumn"));
    c.add(iae("JsonModel.clearCache(null)", () -> {
      people.clearCache(null);
      return null;
    }, "people", "cache"));
    c.add(iae("JsonModel.clearCache(cache, null)", () -> {
      people.clearCache(new LoaderCache(), null);
      return null;
    }, "people"));
    c.add(iae("search(unknown column)", () -> people.search(Map.of("nocolumn", 1), null), "nocolumn"));
    c.add(iae("search(injection as column name)", () -> people.search(Map.of("1=1 OR name", 1), null), "1=1 OR name"));
    c.add(iae("search(empty column name)", () -> people.search(Map.of("", 1), null), "people", "column"));
    c.add(ok("search(null value ignored)", () -> people.search(new HashMap<>(Map.of()) {{
        put("name", null);
      }}, null)).check(r -> assertEquals(20, ((Page<?>) r).items().size())));
    c.add(ok("search(name = injection)", () -> people.search(Map.of("name", SQLI), null)).check(BadInputTest::expectEmpty));
    c.add(ok("search(name = DROP TABLE)", () -> people.search(Map.of("name", DROP), null)).check(BadInputTest::expectEmpty));
    c.add(ok("search(city = injection, virtual column)", () -> people.search(Map.of("city", SQLI), null))
        .check(BadInputTest::expectEmpty));
    c.add(ok("search(tags contains injection)", () -> people.search(Map.of("tags", SQLI), null))
        .check(BadInputTest::expectEmpty));
    c.add(ok("search(name = 10 MB)", () -> people.search(Map.of("name", BIG), null)).check(BadInputTest::expectEmpty));
    c.add(ok("search(name = empty)", () -> people.search(Map.of("name", ""), null)).check(BadInputTest::expectEmpty));
    c.add(iae("search(name = object)", () -> people.search(Map.of("name", Map.of("$ne", 1)), null), "name"));
    c.add(iae("search(name = Object())", () -> people.search(Map.of("name", new Object()), null), "name"));
    // a text that is no number simply matches nothing in an INTEGER column (or is refused, naming it)
    c.add(either("search(age = 'abc', INTEGER column)", () -> people.search(Map.of("age", "abc"), null), "age")
        .check(BadInputTest::expectEmpty));
    c.add(iae("search(age = deep object)", () -> people.search(Map.of("age", deepNode(10_000)), null), "age"));
    c.add(iae("sort(unknown column)", () -> people.search(null, opts().sort("nocolumn", 1)), "nocolumn"));
    c.add(iae("sort(SQL text as column)", () -> people.search(null, opts().sort("name; DROP TABLE people", 1)),
        "name; DROP TABLE people", "sortSql"));
    c.add(iae("sort(null)", () -> opts().sort(null, 1), "sort"));
    c.add(iae("sort(empty)", () -> opts().sort("", 1), "sort"));
    c.add(iae("sort(precedence 0)", () -> opts().sort("name", 0), "sort", "precedence"));
    c.add(iae("limit(0)", () -> opts().limit(0), "limit"));
    c.add(iae("limit(-1)", () -> opts().limit(-1), "limit"));
    c.add(iae("offset(-1)", () -> opts().offset(-1), "offset"));
    c.add(iae("cols(unknown)", () -> people.search(null, opts().cols("nocolumn")), "nocolumn"));
    c.add(iae("cols(injection)", () -> people.search(null, opts().cols("name, (SELECT 1)")), "name, (SELECT 1)"));
    c.add(iae("cols(null)", () -> opts().cols((String[]) null), "cols"));
    c.add(iae("where(null clause)", () -> opts().where(null), "where"));
    c.add(iae("join(null)", () -> opts().join(null), "join"));
    String good = realCursor(opts().sort("name", 1).limit(5));
    String byAge = realCursor(opts().sort("age", -1).limit(5));
    JsonNode cur = decodeCursor(good);
    int sig = cur.get(1).intValue();
    c.add(ok("cursor: a real one works", () -> people.search(null, opts().sort("name", 1).limit(5).cursor(good)))
        .check(r -> assertEquals(5, ((Page<?>) r).items().size())));
    c.add(iae("cursor: garbage", () -> people.search(null, opts().sort("name", 1).limit(5).cursor("garbage!!")),
        "cursor"));
    c.add(iae("cursor: empty", () -> people.search(null, opts().sort("name", 1).limit(5).cursor("")), "cursor"));
    c.add(iae("cursor: one char changed", () -> people.search(null, opts().sort("name", 1).limit(5)
        .cursor(good.substring(0, good.length() - 2) + (good.charAt(good.length() - 2) == 'A' ? 'B' : 'A')
            + good.charAt(good.length() - 1))), "cursor"));
    c.add(iae("cursor: truncated", () -> people.search(null, opts().sort("name", 1).limit(5)
        .cursor(good.substring(0, good.length() / 2))), "cursor"));
    c.add(iae("cursor: from another sort", () -> people.search(null, opts().sort("name", 1).limit(5).cursor(byAge)),
        "cursor"));
    c.add(iae("cursor: 1 MB", () -> people.search(null, opts().sort("name", 1).limit(5).cursor("A".repeat(1 << 20))),
        "cursor"));
    c.add(iae("cursor: without limit", () -> people.search(null, opts().sort("name", 1).cursor(good)), "cursor",
        "limit"));
    c.add(iae("cursor: forged, wrong value count", () -> people.search(null, opts().sort("name", 1).limit(5)
        .cursor(forgeCursor("[\"a\"," + sig + ",\"n1\"]"))), "cursor"));
    c.add(iae("cursor: forged, not an array", () -> people.search(null, opts().sort("name", 1).limit(5)
        .cursor(forgeCursor("{\"a\":1}"))), "cursor"));
    c.add(iae("cursor: forged, bad direction", () -> people.search(null, opts().sort("name", 1).limit(5)
        .cursor(forgeCursor("[\"x\"," + sig + ",\"n1\",\"p1\"]"))), "cursor"));
    c.add(iae("cursor: forged, object value", () -> people.search(null, opts().sort("name", 1).limit(5)
        .cursor(forgeCursor("[\"a\"," + sig + ",{\"x\":1},\"p1\"]"))), "cursor"));
    c.add(iae("cursor: forged, deeply nested", () -> people.search(null, opts().sort("name", 1).limit(5)
        .cursor(forgeCursor("[\"a\"," + sig + "," + deepJson(10_000) + ",\"p1\"]"))), "cursor"));
    // forged cursors with SQL in the values: bound as data, so a normal page (or a clear error)
    for (String evil : List.of(SQLI, DROP, "n1') OR 1=1 --", "\" OR \"\"=\"")) {
      String forged = forgeCursor(Bank.M.writeValueAsString(List.of("a", sig, evil, evil)));
      c.add(ok("cursor: forged with SQL value " + evil, () -> people.search(null, opts().sort("name", 1).limit(50)
          .cursor(forged))).check(r -> {
            Page<?> p = (Page<?>) r;
            // only rows sorting after the text value: a normal keyset page, not all rows
            for (Object o : p.items()) {
              assertTrue(((ObjectNode) o).path("name").asText().compareTo(evil) > 0, "row before the cursor: " + o);
            }
          }));
    }
    String numForged = forgeCursor(Bank.M.writeValueAsString(List.of("a", decodeCursor(byAge).get(1).intValue(),
        "1; DROP TABLE people", SQLI)));
    c.add(ok("cursor: forged, text where a number sorts", () -> people.search(null, opts().sort("age", -1).limit(50)
        .cursor(numForged))));
    c.add(iae("numAggOp(injection function)", () -> people.numAggOp("max(age)); DROP TABLE people; --", "age", null, null),
        "max(age))"));
    c.add(iae("numAggOp(null function)", () -> people.numAggOp(null, "age", null, null), "people", "function"));
    c.add(iae("numAggOp(unknown column)", () -> people.numAggOp("max", "nocolumn", null, null), "nocolumn"));
    c.add(iae("max(unknown column)", () -> people.max("nocolumn", null, null), "nocolumn"));
    c.add(iae("max(null column)", () -> people.max(null, null, null), "people", "column"));
    c.add(iae("count(unknown column)", () -> people.count(Map.of("nocolumn", 1)), "nocolumn"));
    c.add(iae("exists(null id)", () -> people.exists((Object) null), "people"));
    c.add(iae("exists(unknown column)", () -> people.exists(Map.of("nocolumn", 1), null), "nocolumn"));
    c.add(iae("searchOne(unknown column)", () -> people.searchOne(Map.of("nocolumn", 1)), "nocolumn"));
    c.add(iae("searchAll(unknown column)", () -> people.searchAll(Map.of("nocolumn", 1)), "nocolumn"));
    c.add(iae("each(null fn)", () -> {
      people.each(null, null, null);
      return null;
    }, "people", "fn", "callback"));
    c.add(iae("each(unknown column)", () -> {
      people.each(Map.of("nocolumn", 1), null, x -> { });
      return null;
    }, "nocolumn"));
    c.add(iae("makeSelect(unknown column)", () -> people.makeSelect(Map.of("nocolumn", 1), null), "nocolumn"));

    // ---------------------------------------------------------------- JsonModel writes
    c.add(iae("set(null)", () -> people.set(null), "people"));
    c.add(ok("set(10 MB string) works", () -> people.set(obj("id", "big", "name", BIG)))
        .writes().check(r -> assertEquals(BIG.length(), people.get("big").orElseThrow().path("name").asText().length()))
        .cleanup(() -> people.remove("big"))); // keeps the checksums of later cases cheap
    c.add(ok("set(10 MB in JSON) works", () -> people.set(obj("id", "bigjson", "blob", BIG))).writes()
        .check(r -> assertEquals(BIG.length(), people.get("bigjson").orElseThrow().path("blob").asText().length()))
        .cleanup(() -> people.remove("bigjson")));
    // 10,000 levels through set/update/add: see BadInputBugsTest (StackOverflowError)
    c.add(either("set(1,500-level nested): works and reads back, or a clear error", () -> people.set(obj("id",
        "deep1500").set("d", deepNode(1_500))), "people", "nest", "depth").writes().check(r -> people.get("deep1500")));
    c.add(either("EventQueue.add(1,500-level nested): works and reads back, or a clear error", () -> queue.add("deep",
        deepNode(1_500)), "history", "nest", "depth").writes().check(r -> queue.get(((Event) r).v())));
    c.add(ok("set(1,000-level nested works)", () -> people.set(obj("id", "deep500").set("d", deepNode(500)))).writes());
    c.add(err("set(age = 'abc', INTEGER column)", () -> people.set(obj("id", "bad-age", "age", "abc")), "age"));
    c.add(err("set(age = object)", () -> people.set(obj("id", "bad-age2", "age", Map.of("x", 1))), "age"));
    c.add(err("set(name = array, TEXT column)", () -> people.set(obj("id", "bad-name", "name", List.of(1, 2))), "name"));
    c.add(err("set(id = object)", () -> people.set(obj("id", Map.of("x", 1), "name", "x")), "id", "people"));
    c.add(err("set(id = array)", () -> people.set(obj("id", List.of(1), "name", "x")), "id", "people"));
    c.add(ok("set(id = injection) is data", () -> people.set(obj("id", SQLI, "name", DROP))).writes()
        .check(r -> assertEquals(DROP, people.get(SQLI).orElseThrow().path("name").asText())));
    c.add(ok("set(unknown keys) kept in JSON", () -> people.set(obj("id", "extra", "whatever", 1, "x y", 2))).writes());
    c.add(strato("set(insertOnly, existing id)", () -> people.set(person("p3", "dup", 3), true), "people", "p3"));
    c.add(strato("set(unique email taken)", () -> people.set(obj("id", "dup-email", "email", "p4@example.org")),
        "people", "unique", "email"));
    c.add(iae("update(null)", () -> people.update(null), "people"));
    c.add(iae("update(no id)", () -> people.update(Map.of("name", "x")), "id"));
    c.add(strato("update(missing id)", () -> people.update(Map.of("id", "missing", "name", "x")), "missing"));
    c.add(iae("update(null key)", () -> {
      Map<String, Object> m = new HashMap<>();
      m.put("id", "p5");
      m.put(null, 1);
      return people.update(m);
    }, "people", "key"));
    c.add(err("update(age = 'abc')", () -> people.update(Map.of("id", "p5", "age", "abc")), "age"));
    c.add(err("update(id = object)", () -> people.update(Map.of("id", Map.of("x", 1))), "people", "id"));
    c.add(strato("update(unique email taken) in transaction: nothing written", () -> people.update(
        Map.of("id", "p6", "email", "p7@example.org", "name", "changed")), "unique", "email", "people"));
    c.add(err("updateNoTrans(no id)", () -> people.updateNoTrans(Map.of("x", 1), false, false), "id"));
    c.add(iae("remove(null)", () -> {
      people.remove(null);
      return null;
    }, "people"));
    c.add(iae("remove(map without id)", () -> {
      people.remove(Map.of("name", "n1"));
      return null;
    }, "people", "id"));
    c.add(ok("remove(missing id) is a no-op", () -> {
      people.remove("nope");
      return null;
    }));
    c.add(ok("remove(injection id) is a no-op", () -> {
      people.remove("nope' OR '1'='1");
      people.remove("p8' OR '1'='1");
      people.remove("p8\"; DELETE FROM people; --");
      return null;
    }));
    c.add(iae("remove(Object())", () -> {
      people.remove(new Object());
      return null;
    }, "people"));
    c.add(iae("changeId(null, x)", () -> {
      people.changeId(null, "x");
      return null;
    }, "people"));
    c.add(iae("changeId(x, null)", () -> {
      people.changeId("p9", null);
      return null;
    }, "people"));
    c.add(strato("changeId(missing)", () -> {
      people.changeId("missing", "new");
      return null;
    }, "missing"));
    c.add(strato("changeId(to taken id)", () -> {
      people.changeId("p9", "p10");
      return null;
    }, "p10"));

    // ---------------------------------------------------------------- malformed JSON already in the table
    c.add(strato("get(row with malformed JSON)", () -> people.get("badjson"), "people").setup(() -> {
      try (DB raw = DB.builder().file(dir.resolve("bad.db")).name("raw").build()) {
        raw.run("INSERT INTO people(id, json) VALUES ('badjson', '{not json')");
        raw.run("INSERT INTO people(id, json) VALUES ('deepjson', ?)", deepJson(10_000));
        raw.run("INSERT INTO people(id, json) VALUES ('arrayjson', '[1,2]')");
      }
    }));
    c.add(strato("search(finds row with malformed JSON)", () -> people.search(Map.of(), opts().sort("name", 1)),
        "people"));
    c.add(strato("get(row with 10,000-level JSON)", () -> people.get("deepjson"), "people"));
    c.add(strato("get(row whose JSON is an array)", () -> people.get("arrayjson"), "people"));
    c.add(ok("count ignores the JSON", () -> people.count(Map.of())));
    c.add(strato("update(row with malformed JSON)", () -> people.update(Map.of("id", "badjson", "name", "x")), "people"));
    c.add(ok("remove the malformed rows", () -> {
      people.remove("badjson");
      people.remove("deepjson");
      people.remove("arrayjson");
      return people.get("p1").orElseThrow();
    }).writes());

    // ---------------------------------------------------------------- EventQueue
    c.add(iae("EventQueue.add(null type)", () -> queue.add(null, Map.of()), "type"));
    c.add(iae("EventQueue.add(empty type)", () -> queue.add("", Map.of()), "type"));
    c.add(iae("EventQueue.add(negative ts)", () -> queue.add("t", null, -1), "ts"));
    c.add(iae("EventQueue.add(unserialisable data)", () -> queue.add("t", new Object()), "history"));
    c.add(ok("EventQueue.add(10 MB data)", () -> queue.add("big", Map.of("s", BIG))).writes()
        .check(r -> assertEquals(BIG.length(), queue.get(((Event) r).v()).orElseThrow().data().path("s").asText().length()))
        .cleanup(() -> qdb.run("DELETE FROM history WHERE length(data) > 1000000")));
    c.add(ok("EventQueue.add(injection type) is data", () -> queue.add("x'); DROP TABLE history; --", Map.of("q", SQLI)))
        .writes().check(r -> assertEquals("x'); DROP TABLE history; --", queue.get(((Event) r).v()).orElseThrow().type())));
    // EventQueue.get takes a long version: text (an injection attempt) no longer compiles
    c.add(ok("EventQueue.getNext(-5, noWait)", () -> queue.getNext(-5, true)).check(r -> assertTrue(((Optional<?>) r)
        .isPresent())));
    c.add(ok("EventQueue.getNext(beyond, noWait)", () -> queue.getNext(Long.MAX_VALUE - 1, true))
        .check(BadInputTest::expectEmpty));
    c.add(iae("EventQueue.set(null)", () -> queue.set((Event) null), "history"));
    c.add(iae("EventQueue.set(no v)", () -> queue.set(Event.of("t", null)), "history", "v"));
    c.add(iae("EventQueue.search(unknown column)", () -> queue.search(Map.of("nocolumn", 1), null), "nocolumn"));
    c.add(iae("EventQueue.search(type = object)", () -> queue.search(Map.of("type", Map.of("a", 1)), null), "type"));
    c.add(ok("EventQueue.search(type = injection)", () -> queue.search(Map.of("type", SQLI), null))
        .check(BadInputTest::expectEmpty));
    c.add(err("EventQueue.setKnownV(-1)", () -> {
      queue.setKnownV(-1);
      return null;
    }, "history", "v"));

    // ---------------------------------------------------------------- EventSourcingDB
    c.add(iae("ES.dispatch(null type)", () -> es.dispatch(null, Map.of()), "type"));
    c.add(iae("ES.dispatch(empty type)", () -> es.dispatch("", Map.of()), "type"));
    c.add(iae("ES.dispatch(unserialisable data)", () -> es.dispatch("t", new Object()), "esdb", "serialise"));
    c.add(iae("ES.dispatchAsync(null type)", () -> es.dispatchAsync(null, null), "type"));
    c.add(ok("ES.dispatch(type nobody handles)", () -> es.dispatch("nobody/handles", Map.of("q", SQLI))).writes());
    c.add(ok("ES.dispatch(10 MB data)", () -> es.dispatch("big", Map.of("s", BIG))).writes()
        .check(r -> assertEquals(BIG.length(), ((Event) r).data().path("s").asText().length()))
        .cleanup(() -> es.db().run("UPDATE history SET data = '{}' WHERE length(data) > 1000000")));
    c.add(iae("ES.model(unknown)", () -> es.model("nosuchmodel", ESModel.class), "nosuchmodel"));
    c.add(iae("ES.onResult(null)", () -> es.onResult(null), "listener"));
    c.add(iae("ES.onError(null)", () -> es.onError(null), "listener"));
    c.add(iae("ES.Builder.retryBackoff(null)", () -> EventSourcingDB.builder().retryBackoff(null, Duration.ZERO),
        "retryBackoff"));
    c.add(iae("ES.Builder.retryBackoff(inverted)", () -> EventSourcingDB.builder().retryBackoff(Duration.ofSeconds(2),
        Duration.ofSeconds(1)), "retryBackoff"));
    c.add(iae("ES.Builder.maxRetries(0)", () -> EventSourcingDB.builder().maxRetries(0), "maxRetries"));
    c.add(iae("ES.Builder.batchSize(0)", () -> EventSourcingDB.builder().batchSize(0), "batchSize"));
    c.add(iae("ES.Builder.maxDepth(0)", () -> EventSourcingDB.builder().maxDepth(0), "maxDepth"));
    c.add(iae("ES.Builder.model(null)", () -> EventSourcingDB.builder().model(null), "model"));
    c.add(iae("ES.Builder two model classes with one name", () -> EventSourcingDB.builder().model(new Notes())
        .model(new EventModel() {
          @Override
          public String name() {
            return "notes";
          }
        }).build(), "notes"));
    c.add(iae("ES.Builder two reducers for one model", () -> EventSourcingDB.builder().model(new Bank.Accounts())
        .reducer(new io.strato.es.spi.Reducer() {
          @Override
          public String model() {
            return "accounts";
          }

          @Override
          public io.strato.es.spi.ReduceResult reduce(io.strato.es.spi.ReduxContext ctx) {
            return null;
          }
        }).build(), "accounts"));
    c.add(strato("ES read-only: dispatch", () -> {
      try (EventSourcingDB ro = EventSourcingDB.builder().file(dir.resolve("es.db")).model(new Notes()).readOnly(true)
          .build()) {
        return ro.dispatch("t", null);
      }
    }, "read-only", "readonly"));
    c.add(ok("ES read-only: reads", () -> {
      try (EventSourcingDB ro = EventSourcingDB.builder().file(dir.resolve("es.db")).model(new Notes()).readOnly(true)
          .build()) {
        @SuppressWarnings("unchecked")
        ESModel<ObjectNode> n = ro.model("notes", ESModel.class);
        return n.get("n1").orElseThrow();
      }
    }));

    // ---------------------------------------------------------------- ESModel
    c.add(iae("ESModel.set(null)", () -> notes.set(null), "notes"));
    c.add(iae("ESModel.update(null)", () -> notes.update(null), "notes"));
    c.add(iae("ESModel.update(no id)", () -> notes.update(Map.of("title", "x")), "notes", "id"));
    c.add(iae("ESModel.update(null key)", () -> {
      Map<String, Object> m = new HashMap<>();
      m.put("id", "n1");
      m.put(null, 1);
      return notes.update(m);
    }, "notes", "key"));
    c.add(iae("ESModel.remove(null)", () -> {
      notes.remove(null);
      return null;
    }, "notes"));
    c.add(strato("ESModel.update(missing) → ENOENT", () -> notes.update(Map.of("id", "missing", "title", "x")),
        "ENOENT", "missing").writes()); // the event itself succeeds and is stored
    c.add(strato("ESModel.set(insertOnly existing) → EEXIST", () -> notes.set(obj("id", "n1", "title", "x"),
        WriteOptions.insertOnly()),
        "EEXIST", "n1").writes());
    c.add(strato("ESModel.changeId (not supported)", () -> {
      notes.changeId("n1", "n9");
      return null;
    }, "notes", "changeId"));
    c.add(strato("ESModel.updateNoTrans (not supported)", () -> notes.updateNoTrans(Map.of("id", "n1"),
        WriteOptions.defaults()),
        "notes", "updateNoTrans"));
    c.add(strato("ESModel.getNextId on TEXT id", () -> notes.getNextId(), "notes", "INTEGER"));
    // ESModel.set(title = object) poisons the event log: see BadInputBugsTest
    c.add(ok("ESModel.set(id = injection) is data", () -> notes.set(obj("id", SQLI, "title", DROP))).writes()
        .check(r -> assertEquals(DROP, notes.get(SQLI).orElseThrow().path("title").asText())));
    c.add(ok("ESModel.set(10 MB title)", () -> notes.set(obj("id", "n-big", "title", BIG))).writes()
        .check(r -> assertEquals(BIG.length(), ((ObjectNode) r).path("title").asText().length()))
        .cleanup(() -> {
          notes.remove("n-big");
          es.db().run("UPDATE history SET data = '[]' WHERE length(data) > 1000000");
        }));
    c.add(ok("ESModel.search(title = injection)", () -> notes.search(Map.of("title", SQLI), null))
        .check(BadInputTest::expectEmpty));
    c.add(iae("ESModel.search(unknown column)", () -> notes.search(Map.of("nocolumn", 1), null), "nocolumn"));
    c.add(iae("ESModel.setEvent(null)", () -> notes.setEvent(null, WriteOptions.defaults(), null), "notes"));
    c.add(iae("ESModel.updateEvent(no id)", () -> notes.updateEvent(Map.of("a", 1), WriteOptions.defaults(), null),
        "notes", "id"));
    c.add(iae("ESModel.removeEvent(null)", () -> notes.removeEvent(null, null), "notes"));
    c.add(ok("ES still processes after all that", () -> es.dispatch("after", null))
        .writes().check(r -> assertTrue(((Event) r).error() == null)));
    return c;
  }

  List<String> checksums() {
    List<String> out = new ArrayList<>();
    for (DB o : observers) {
      out.add(Checks.checksum(o));
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> badInputs() throws Exception {
    List<Case> all = cases();
    return all.stream().map(c -> DynamicTest.dynamicTest(c.name, () -> run(c)));
  }

  void run(Case c) {
    CASES.incrementAndGet();
    if (c.setup != null) {
      c.setup.run();
    }
    List<String> before = checksums();
    Object result = null;
    Throwable thrown = null;
    try {
      result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> c.call.get(), c.name + " hangs");
    } catch (Throwable t) {
      thrown = t;
    }
    try {
      if (thrown instanceof org.opentest4j.AssertionFailedError afe && afe.getMessage() != null
          && afe.getMessage().contains("hangs")) {
        throw afe;
      }
      Kind kind = c.kind == Kind.EITHER ? (thrown == null ? Kind.OK : Kind.ERR) : c.kind;
      switch (kind) {
        case OK:
          if (thrown != null) {
            if (thrown instanceof AssertionError ae) {
              throw ae;
            }
            throw new AssertionError(c.name + ": expected to work, threw " + thrown, thrown);
          }
          if (c.check != null) {
            c.check.accept(result);
          }
          break;
        default:
          if (thrown == null) {
            fail(c.name + ": expected " + kind + ", but it returned " + abbreviate(String.valueOf(result)));
          }
          if (thrown instanceof AssertionError ae) {
            throw ae;
          }
          boolean typeOk = switch (kind) {
            case IAE -> thrown instanceof IllegalArgumentException;
            case STRATO -> thrown instanceof StratoException;
            default -> thrown instanceof IllegalArgumentException || thrown instanceof StratoException;
          };
          if (!typeOk) {
            throw new AssertionError(c.name + ": expected " + kind + ", got " + thrown.getClass().getName() + ": "
                + abbreviate(String.valueOf(thrown.getMessage())), thrown);
          }
          Checks.assertNoNpe(thrown, c.name);
          String msg = String.valueOf(thrown.getMessage()).toLowerCase(Locale.ROOT);
          if (c.names.length > 0 && Arrays.stream(c.names).noneMatch(n -> msg.contains(n.toLowerCase(Locale.ROOT)))) {
            throw new AssertionError(c.name + ": the message should name one of " + Arrays.toString(c.names) + ": "
                + abbreviate(thrown.getMessage()), thrown);
          }
          if (c.dbCode >= 0) {
            assertTrue(thrown instanceof DBException d && d.primaryCode() == c.dbCode, c.name + ": code " + c.dbCode);
          }
      }
      if (!c.writes) {
        assertEquals(before, checksums(), c.name + ": the call must not have written anything");
      }
    } finally {
      if (c.cleanup != null) {
        c.cleanup.run();
      }
    }
  }

  static String abbreviate(String s) {
    return s == null ? null : s.length() > 400 ? s.substring(0, 400) + "…" : s;
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static ArrayNode arr() {
    return JsonNodeFactory.instance.arrayNode();
  }
}
