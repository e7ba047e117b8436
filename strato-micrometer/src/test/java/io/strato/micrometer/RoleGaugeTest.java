package io.strato.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.es.log.ProcessingGate;
import io.strato.queue.Event;
import org.junit.jupiter.api.Test;

/** strato.es.leader with a scripted gate: follows the gate's role at each read. */
class RoleGaugeTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** A gate whose role the test sets; processing never calls it here. */
  static class FakeGate implements ProcessingGate {
    volatile boolean leader;
    volatile RuntimeException broken;

    @Override
    public Turn before(Event queued) {
      return Turn.WAIT;
    }

    @Override
    public boolean publish(Event processed) {
      return false;
    }

    @Override
    public boolean isLeader() {
      if (broken != null) {
        throw broken;
      }
      return leader;
    }
  }

  private Gauge gauge(String db) {
    return registry.find(StratoMetrics.ES_LEADER).tags("db", db).gauge();
  }

  @Test
  void reportsTheRoleAtEachReadAndIsRemovedOnClose() {
    FakeGate gate = new FakeGate();
    RoleGauge role = StratoMetrics.bindRole(registry, "shop", gate);
    assertEquals(0.0, gauge("shop").value(), "a follower");
    gate.leader = true;
    assertEquals(1.0, gauge("shop").value(), "leads now");
    gate.leader = false;
    assertEquals(0.0, gauge("shop").value(), "stepped down");
    gate.broken = new IllegalStateException("connection gone");
    assertTrue(Double.isNaN(gauge("shop").value()), "an unreadable role is NaN, not an exception");
    role.close();
    assertNull(gauge("shop"), "removed on close");
  }

  @Test
  void aGateWithoutARoleReportsFollowerAndBadArgumentsAreRefused() {
    ProcessingGate plain = new ProcessingGate() {
      @Override
      public Turn before(Event queued) {
        return Turn.PROCESS;
      }

      @Override
      public boolean publish(Event processed) {
        return true;
      }
    };
    try (RoleGauge role = StratoMetrics.bindRole(registry, "plain", plain)) {
      assertEquals(0.0, gauge("plain").value());
    }
    assertThrows(IllegalArgumentException.class, () -> StratoMetrics.bindRole(registry, "x", null));
    assertThrows(IllegalArgumentException.class, () -> StratoMetrics.bindRole(registry, null, new FakeGate()));
    assertThrows(IllegalArgumentException.class, () -> StratoMetrics.bindRole(null, "x", new FakeGate()));
  }
}
