package io.strato.test;

import io.strato.es.EventSourcingDB;
import io.strato.es.spi.Deriver;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.Preprocessor;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.Transactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a fresh database with the models under test, closed
 * (and its files deleted) after the test. Register it on a field and take the fixture as a test
 * parameter or from {@link #fixture()}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static StratoExtension strato = StratoExtension.withModels(new Accounts(), new Transfers()).onFile();
 *
 * @Test
 * void transfers(EsFixture fx) {
 *   fx.given("account/opened", Map.of("id", "a", "owner", "Ada")).when(...).expectSuccess();
 * }
 * }</pre>
 *
 * <p>In memory by default; {@link #onFile()} puts each test's DB in its own temporary
 * directory (for models whose behaviour differs on files: reader connections, WAL).
 */
public final class StratoExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(StratoExtension.class);
  private final EsFixture.Builder template = EsFixture.builder();
  private boolean onFile;
  // Per thread for tests running in parallel; inheritable because JUnit may run the test body in
  // a thread it starts from the test's thread (a timeout in SEPARATE_THREAD mode).
  private final InheritableThreadLocal<EsFixture> current = new InheritableThreadLocal<>();
  // The live fixtures: when the body runs in a thread started elsewhere and only one test runs,
  // that one test's fixture is the answer.
  private final Set<EsFixture> live = ConcurrentHashMap.newKeySet();

  private StratoExtension() {}

  /**
   * An extension with these models.
   *
   * @param models the models under test
   * @return the extension
   */
  public static StratoExtension withModels(EventModel... models) {
    StratoExtension x = new StratoExtension();
    for (EventModel m : models) {
      x.template.model(m);
    }
    return x;
  }

  /**
   * An extension with the models {@link java.util.ServiceLoader} finds.
   *
   * @return the extension
   */
  public static StratoExtension discoverModels() {
    StratoExtension x = new StratoExtension();
    x.template.discoverModels();
    return x;
  }

  /**
   * Adds a model.
   *
   * @param model the model
   * @return this
   */
  public StratoExtension model(EventModel model) {
    template.model(model);
    return this;
  }

  /**
   * Adds a standalone preprocessor.
   *
   * @param p the preprocessor
   * @return this
   */
  public StratoExtension preprocessor(Preprocessor p) {
    template.preprocessor(p);
    return this;
  }

  /**
   * Adds a standalone reducer.
   *
   * @param r the reducer
   * @return this
   */
  public StratoExtension reducer(Reducer r) {
    template.reducer(r);
    return this;
  }

  /**
   * Adds a standalone deriver.
   *
   * @param d the deriver
   * @return this
   */
  public StratoExtension deriver(Deriver d) {
    template.deriver(d);
    return this;
  }

  /**
   * Adds a standalone transactor.
   *
   * @param t the transactor
   * @return this
   */
  public StratoExtension transactor(Transactor t) {
    template.transactor(t);
    return this;
  }

  /**
   * Any other builder setting.
   *
   * @param settings applied to each test's builder
   * @return this
   */
  public StratoExtension customize(Consumer<EventSourcingDB.Builder> settings) {
    template.customize(settings);
    return this;
  }

  /**
   * Keeps each test's DB in a file in a fresh temporary directory, deleted after the test.
   *
   * @return this
   */
  public StratoExtension onFile() {
    this.onFile = true;
    return this;
  }

  /**
   * The running test's fixture (with tests running in parallel, take it as a test parameter).
   *
   * @return the fixture
   * @throws IllegalStateException outside a test, or when it is not clear which test is meant
   */
  public EsFixture fixture() {
    EsFixture f = current.get();
    if (f == null || !live.contains(f)) {
      f = live.size() == 1 ? live.iterator().next() : null;
    }
    if (f == null && live.size() > 1) {
      throw new IllegalStateException("StratoExtension: " + live.size() + " tests run at once and this thread is none"
          + " of theirs; take the fixture as a test parameter (EsFixture fx)");
    }
    if (f == null) {
      throw new IllegalStateException("StratoExtension: no fixture outside a test (register it with @RegisterExtension)");
    }
    return f;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    EsFixture.Builder b = template.copy();
    Path dir = null;
    if (onFile) {
      dir = Files.createTempDirectory("strato-test-");
      b.file(dir.resolve("state.db"));
    }
    EsFixture f = b.build();
    current.set(f);
    live.add(f);
    context.getStore(NS).put("fixture", f);
    if (dir != null) {
      context.getStore(NS).put("dir", dir);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    current.remove();
    EsFixture f = context.getStore(NS).remove("fixture", EsFixture.class);
    if (f != null) {
      live.remove(f);
      f.close();
    }
    Path dir = context.getStore(NS).remove("dir", Path.class);
    if (dir != null) {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("StratoExtension: could not delete " + dir, e);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
    Class<?> type = p.getParameter().getType();
    return type == EsFixture.class || type == EventSourcingDB.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext context) {
    EsFixture f = context.getStore(NS).get("fixture", EsFixture.class);
    if (f == null) {
      throw new IllegalStateException("StratoExtension: no fixture for " + context.getDisplayName());
    }
    return p.getParameter().getType() == EventSourcingDB.class ? f.es() : f;
  }
}
