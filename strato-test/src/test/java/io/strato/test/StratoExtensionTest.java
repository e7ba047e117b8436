package io.strato.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.strato.es.EventSourcingDB;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StratoExtensionTest {
  @RegisterExtension static StratoExtension strato = StratoExtension.withModels(new Wallets()).onFile();

  @Test
  @Order(1)
  void firstTestWritesToItsOwnFile(EsFixture fx, EventSourcingDB es) {
    assertSame(fx.es(), es, "both parameters are the same test's DB");
    assertSame(fx, strato.fixture(), "fixture() is the running test's");
    fx.given("wallet/opened", Map.of("id", "w1"));
    assertEquals(1, es.getVersion());
  }

  @Test
  @Order(2)
  void secondTestStartsFresh(EsFixture fx) {
    assertEquals(0, fx.es().getVersion(), "a new test gets a new, empty DB");
    assertNull(fx.state("wallets", "w1"), "nothing left from the previous test");
  }

  @Test
  @Order(3)
  void fixtureIsFoundFromAThreadStartedBeforeTheTest(EsFixture fx) throws Exception {
    // POOL's thread was started outside this test, so it inherits nothing from it
    POOL.submit(() -> { }).get(10, TimeUnit.SECONDS);
    assertSame(fx, POOL.submit(strato::fixture).get(10, TimeUnit.SECONDS), "the one running test's fixture");
  }

  private static final ExecutorService POOL = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "started-before-the-tests");
    t.setDaemon(true);
    return t;
  });

  static {
    POOL.submit(() -> { }); // start the thread now, before any test
  }
}
