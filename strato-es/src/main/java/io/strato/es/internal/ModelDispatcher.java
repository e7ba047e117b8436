package io.strato.es.internal;

import io.strato.es.EventDispatcher;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;

/**
 * The dispatcher the wiring gives its ESModels: dispatching and the attempt token come from the
 * public facade; the queue (for model migrations' options) and the right to write directly
 * come from the wiring itself, which has them before the facade is complete.
 */
final class ModelDispatcher implements EventDispatcher {
  private final EventDispatcher facade;
  private final EventQueue queue;
  private final WriteAccess writes;

  ModelDispatcher(EventDispatcher facade, EventQueue queue, WriteAccess writes) {
    this.facade = facade;
    this.queue = queue;
    this.writes = writes;
  }

  @Override
  public Event dispatch(String type, Object data) {
    return facade.dispatch(type, data);
  }

  @Override
  public long attemptToken() {
    return facade.attemptToken();
  }

  @Override
  public EventQueue queue() {
    return queue;
  }

  @Override
  public boolean writesDirectly() {
    return writes.heldByThisThread();
  }
}
