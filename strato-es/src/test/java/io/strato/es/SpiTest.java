package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §6: ServiceLoader discovery (class path and module path), explicit registration, conflicts. */
class SpiTest {
  @TempDir Path dir;

  @Test
  void discoversFromMetaInfServices() {
    try (EventSourcingDB es = builder(dir).discoverModels().build()) {
      ESModel<ObjectNode> notes = Es.model(es, "spi_notes");
      ESModel<ObjectNode> stats = Es.model(es, "spi_stats"); // default ESModel table for a reducer-only model
      es.dispatch("note/add", obj("id", "n1", "text", "hi"));
      es.dispatch("note/add", obj("id", "n2", "text", "ho"));
      assertEquals(2, notes.count(Map.of()));
      assertEquals(2, stats.get("notes").orElseThrow().path("count").asInt(), "the discovered deriver ran");
      es.dispatch("stats/reset", null);
      assertFalse(stats.exists("notes"), "the discovered standalone reducer ran");
      // the default table is a full ESModel
      stats.set(obj("id", "manual"));
      assertTrue(stats.exists("manual"));
    }
  }

  @Test
  void discoveryMixesWithExplicitRegistration() {
    try (EventSourcingDB es = builder(dir)
        .model(new SpiModels.Notes()) // the same class as discovered counts once
        .discoverModels()
        .model(new EventModel() {
          @Override
          public String name() {
            return "extra";
          }

          @Override
          public ReduceResult reduce(ReduxContext ctx) {
            return ctx.event().type().equals("note/add") ? ReduceResult.result().set(obj("id", "seen")) : null;
          }
        }).build()) {
      es.dispatch("note/add", obj("id", "n1"));
      assertTrue(Es.model(es, "spi_notes").exists("n1"));
      assertTrue(Es.model(es, "extra").exists("seen"));
      assertEquals(1, Es.model(es, "spi_stats").get("notes").orElseThrow().path("count").asInt());
    }
  }

  @Test
  void twoReducersForOneModelAreRejected() {
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> EventSourcingDB.builder()
        .reducer(new SpiModels.StatsReducer()).reducer(new SpiModels.OtherStatsReducer()).build());
    assertTrue(a.getMessage().contains(SpiModels.StatsReducer.class.getName())
        && a.getMessage().contains(SpiModels.OtherStatsReducer.class.getName()), a.getMessage());
    assertTrue(a.getMessage().contains("spi_stats"), a.getMessage());

    IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> EventSourcingDB.builder()
        .reducer(new SpiModels.NotesReducer()).model(new SpiModels.Notes()).build());
    assertTrue(b.getMessage().contains(SpiModels.Notes.class.getName())
        && b.getMessage().contains(SpiModels.NotesReducer.class.getName()), b.getMessage());

    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> EventSourcingDB.builder()
        .discoverModels().reducer(new SpiModels.NotesReducer()).build());
    assertTrue(c.getMessage().contains(SpiModels.NotesReducer.class.getName()), c.getMessage());

    // a standalone deriver beside a model that does not override derive is fine
    EventSourcingDB.builder().model(new SpiModels.Notes()).deriver(new SpiModels.NotesDeriver()).build().close();
    assertThrows(IllegalArgumentException.class, () -> EventSourcingDB.builder().reducer(null));
    assertThrows(IllegalArgumentException.class, () -> EventSourcingDB.builder().model(() -> ""));
  }

  /**
   * Builds a tiny module {@code testmodels} that {@code provides} an EventModel, resolves it
   * with io.strato.es and its dependencies in a new module layer, and runs an
   * EventSourcingDB from that layer with {@code discoverModels()}.
   */
  @Test
  void discoversProvidersOnTheModulePath() throws Exception {
    List<Path> modulePath = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e);
      String n = p.getFileName().toString();
      boolean moduleDir = Files.isDirectory(p) && Files.exists(p.resolve("module-info.class"));
      boolean depJar = n.endsWith(".jar") && (n.startsWith("strato-") || n.startsWith("jackson-")
          || n.startsWith("slf4j-api") || n.startsWith("sqlite-jdbc"));
      if (moduleDir || depJar) {
        modulePath.add(p);
      }
    }
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("tm"));
    Files.writeString(src.resolve("module-info.java"),
        "module testmodels { requires io.strato.es; provides io.strato.es.spi.EventModel with tm.M; }");
    Files.writeString(src.resolve("tm/M.java"), String.join("\n",
        "package tm;",
        "import io.strato.es.spi.*;",
        "public class M implements EventModel {",
        "  public String name() { return \"modmodel\"; }",
        "  public ReduceResult reduce(ReduxContext c) {",
        "    return c.event().type().equals(\"mod\") ? ReduceResult.result().set(java.util.Map.of(\"id\", \"from-module\"))",
        "        : null;",
        "  }",
        "}"));
    Path out = dir.resolve("testmodels");
    java.util.spi.ToolProvider javac = java.util.spi.ToolProvider.findFirst("javac").orElse(null);
    assertNotNull(javac, "needs a JDK");
    String mp = String.join(File.pathSeparator, modulePath.stream().map(Path::toString).toList());
    int rc = javac.run(System.out, System.err, "--module-path", mp, "-d", out.toString(),
        src.resolve("module-info.java").toString(), src.resolve("tm/M.java").toString());
    assertEquals(0, rc, "javac of the test module");
    assertFalse(Files.exists(out.resolve("META-INF")), "no META-INF/services: only `provides`");

    List<Path> all = new ArrayList<>(modulePath);
    all.add(out);
    ModuleFinder finder = ModuleFinder.of(all.toArray(Path[]::new));
    ModuleLayer boot = ModuleLayer.boot();
    Configuration cf = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of("testmodels",
        "io.strato.es"));
    ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    ClassLoader loader = layer.findLoader("io.strato.es");
    assertTrue(layer.findModule("testmodels").orElseThrow().getDescriptor().provides().stream()
        .anyMatch(p -> p.service().equals("io.strato.es.spi.EventModel")));

    Class<?> svc = loader.loadClass("io.strato.es.spi.EventModel");
    List<String> names = new ArrayList<>();
    for (Object m : ServiceLoader.load(layer, svc)) {
      names.add((String) svc.getMethod("name").invoke(m));
    }
    assertEquals(List.of("modmodel"), names);

    // the DB's own discoverModels() finds it too
    Thread t = Thread.currentThread();
    ClassLoader prev = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      Class<?> esdb = loader.loadClass("io.strato.es.EventSourcingDB");
      Object b = esdb.getMethod("builder").invoke(null);
      Class<?> bc = b.getClass();
      bc.getMethod("file", Path.class).invoke(b, dir.resolve("mod.db"));
      bc.getMethod("discoverModels").invoke(b);
      try (AutoCloseable es = (AutoCloseable) bc.getMethod("build").invoke(b)) {
        Object e = esdb.getMethod("dispatch", String.class, Object.class).invoke(es, "mod", null);
        Object result = e.getClass().getMethod("result").invoke(e);
        assertTrue(String.valueOf(result).contains("from-module"), String.valueOf(result));
        Object store = esdb.getMethod("store").invoke(es);
        assertTrue(((Map<?, ?>) store).containsKey("modmodel"));
      }
    } finally {
      t.setContextClassLoader(prev);
    }
  }
}
