package io.strato.es.internal;

import io.strato.es.spi.Deriver;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.Preprocessor;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.Transactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Collects models and standalone phases (registered explicitly or discovered with
 * {@link ServiceLoader}) and merges them per model name, rejecting conflicts. The same class
 * registered twice (e.g. discovered and explicit) counts once. Not thread-safe; used by the
 * builder only.
 */
public final class ModelRegistry {
  private final List<Object> parts = new ArrayList<>();
  /** The parts that came from ServiceLoader (identity), for the open log line. */
  private final java.util.Set<Object> discovered = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private final List<io.strato.es.spi.Upcaster> upcasters = new ArrayList<>();

  /**
   * Adds an upcaster (the same class twice counts once).
   *
   * @param u the upcaster
   * @throws IllegalArgumentException for null
   */
  public void addUpcaster(io.strato.es.spi.Upcaster u) {
    if (u == null) {
      throw new IllegalArgumentException("EventSourcingDB: an upcaster must not be null");
    }
    if (upcasters.stream().noneMatch(x -> x.getClass() == u.getClass() && !u.getClass().isSynthetic()
        && !u.getClass().isAnonymousClass())) {
      upcasters.add(u);
    }
  }

  /**
   * The upcasters, in registration order.
   *
   * @return the upcasters
   */
  public List<io.strato.es.spi.Upcaster> upcasters() {
    return List.copyOf(upcasters);
  }

  /**
   * A copy with the same parts and upcasters (for a replay of the same code).
   *
   * @return the copy
   */
  public ModelRegistry copy() {
    ModelRegistry c = new ModelRegistry();
    c.parts.addAll(parts);
    c.discovered.addAll(discovered);
    c.upcasters.addAll(upcasters);
    return c;
  }

  /**
   * Adds an {@link EventModel} or a standalone phase registered explicitly.
   *
   * @param part the model or phase
   * @throws IllegalArgumentException when null or its model name is empty
   */
  public void add(Object part) {
    add(part, false);
  }

  /**
   * Adds a part. The same instance twice, or a discovered part and an explicit one of the same
   * class for the same model, count once (discovery and explicit registration may be mixed);
   * two explicit instances of one class are two parts, and conflict in {@link #resolve()}.
   *
   * @return whether it was added
   */
  private boolean add(Object part, boolean fromServiceLoader) {
    if (part == null) {
      throw new IllegalArgumentException("EventSourcingDB: a model or phase must not be null");
    }
    String name = modelName(part);
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("EventSourcingDB: " + part.getClass().getName()
          + " must name a non-empty model");
    }
    for (Object p : parts) {
      boolean sameClassOneDiscovered = p.getClass() == part.getClass() && (fromServiceLoader || discovered.contains(p));
      if (p == part || sameClassOneDiscovered && name.equals(modelName(p))) {
        return false;
      }
    }
    parts.add(part);
    return true;
  }

  /**
   * Adds everything {@link ServiceLoader} finds for the five SPI types.
   *
   * @param loader the class loader to search (null: the context class loader)
   */
  public void discover(ClassLoader loader) {
    for (Class<?> type : List.of(EventModel.class, Preprocessor.class, Reducer.class, Deriver.class, Transactor.class)) {
      ServiceLoader<?> sl = loader == null ? ServiceLoader.load(type) : ServiceLoader.load(type, loader);
      for (Object o : sl) {
        if (add(o, true)) {
          discovered.add(o);
        }
      }
    }
    ServiceLoader<io.strato.es.spi.Upcaster> ul = loader == null ? ServiceLoader.load(io.strato.es.spi.Upcaster.class)
        : ServiceLoader.load(io.strato.es.spi.Upcaster.class, loader);
    for (io.strato.es.spi.Upcaster u : ul) {
      addUpcaster(u);
    }
  }

  /**
   * The merged models, sorted by name (the order phases run in).
   *
   * @return the models
   * @throws IllegalArgumentException when two providers give the same part of one model (two
   *     EventModels of one name included), or an EventModel has no phase at all
   */
  public List<ModelPhases> resolve() {
    Map<String, ModelPhases> byName = new TreeMap<>();
    Map<String, Map<String, String>> owners = new HashMap<>();
    for (Object p : parts) {
      if (p instanceof EventModel m) {
        ModelPhases prev = byName.get(m.name());
        if (prev != null && owners.get(m.name()).containsKey("model")) {
          throw conflict(m.name(), "model", owners.get(m.name()).get("model"), p);
        }
        ModelPhases mine = ModelPhases.of(m);
        owners.computeIfAbsent(m.name(), k -> new HashMap<>()).put("model", p.getClass().getName());
        byName.put(m.name(), merge(prev, mine, owners.get(m.name()), p));
      }
    }
    for (Object p : parts) {
      if (p instanceof EventModel) {
        continue;
      }
      String name = modelName(p);
      ModelPhases prev = byName.get(name);
      ModelPhases mine = new ModelPhases(name, null, false, p instanceof Preprocessor x ? x : null,
          p instanceof Reducer x ? x : null, p instanceof Deriver x ? x : null, p instanceof Transactor x ? x : null,
          p.getClass().getName());
      byName.put(name, merge(prev, mine, owners.computeIfAbsent(name, k -> new HashMap<>()), p));
    }
    byName.values().forEach(ModelRegistry::requireSomething);
    return List.copyOf(byName.values());
  }

  /**
   * Every registered part and where it came from, for the log line at open, e.g.
   * {@code accounts: com.example.Accounts (ServiceLoader), stats: com.example.Stats (explicit)}.
   *
   * @return the description, or {@code "none"}
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (Object p : parts) {
      b.append(b.length() == 0 ? "" : ", ").append(modelName(p)).append(": ").append(p.getClass().getName())
          .append(discovered.contains(p) ? " (ServiceLoader)" : " (explicit)");
    }
    return b.length() == 0 ? "none" : b.toString();
  }

  private static ModelPhases merge(ModelPhases a, ModelPhases b, Map<String, String> owner, Object source) {
    String src = source.getClass().getName();
    claim(b.preprocessor() != null, "preprocessor", b.name(), owner, src);
    claim(b.reducer() != null, "reducer", b.name(), owner, src);
    claim(b.deriver() != null, "deriver", b.name(), owner, src);
    claim(b.transactor() != null, "transactor", b.name(), owner, src);
    if (a == null) {
      return b;
    }
    return new ModelPhases(a.name(), a.config() != null ? a.config() : b.config(), a.init() || b.init(),
        a.preprocessor() != null ? a.preprocessor() : b.preprocessor(),
        a.reducer() != null ? a.reducer() : b.reducer(),
        a.deriver() != null ? a.deriver() : b.deriver(),
        a.transactor() != null ? a.transactor() : b.transactor(),
        a.sources() + ", " + b.sources());
  }

  /**
   * SPEC §6: a model that brings nothing (no table definition, no init, no phase of its own
   * and no standalone phase) is a mistake, e.g. a phase method whose signature does not
   * override the interface's; a plain ESModel table needs a {@code config()}.
   */
  private static void requireSomething(ModelPhases m) {
    if (m.config() == null && !m.init() && m.preprocessor() == null && m.reducer() == null && m.deriver() == null
        && m.transactor() == null) {
      throw new IllegalArgumentException("EventSourcingDB: model '" + m.name() + "' (" + m.sources()
          + ") has no phase at all: it overrides none of preprocess, reduce, derive and transact (check their"
          + " signatures), no standalone phase names it, and it defines no config() and no init(); give it a"
          + " config() for a plain ESModel table, or implement a phase");
    }
  }

  private static void claim(boolean has, String phase, String model, Map<String, String> owner, String src) {
    if (!has) {
      return;
    }
    String prev = owner.putIfAbsent(phase, src);
    if (prev != null) {
      throw new IllegalArgumentException("EventSourcingDB: model '" + model + "' has two " + phase + "s: " + prev
          + " and " + src);
    }
  }

  private static IllegalArgumentException conflict(String model, String what, String a, Object b) {
    return new IllegalArgumentException("EventSourcingDB: model '" + model + "' is defined twice (" + what + "): " + a
        + " and " + b.getClass().getName());
  }

  private static String modelName(Object p) {
    if (p instanceof EventModel m) {
      return m.name();
    }
    if (p instanceof Preprocessor x) {
      return x.model();
    }
    if (p instanceof Reducer x) {
      return x.model();
    }
    if (p instanceof Deriver x) {
      return x.model();
    }
    if (p instanceof Transactor x) {
      return x.model();
    }
    throw new IllegalArgumentException("EventSourcingDB: " + p.getClass().getName()
        + " is not an EventModel, Preprocessor, Reducer, Deriver or Transactor");
  }
}
