package io.strato.es.spi;

/** What derivers get: the reducer context plus this model's applied result. */
public interface DeriveContext extends ReduxContext {
  /**
   * This model's reducer result for the event (already applied).
   *
   * @return the result, {@link ReduceResult#none()} when the reducer changed nothing
   */
  ReduceResult result();
}
