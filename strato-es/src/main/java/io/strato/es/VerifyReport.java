package io.strato.es;

import java.util.List;

/**
 * What {@link Operations#verify()} found: the rows of model tables that differ between the live
 * state and a replay of the whole history through the current code.
 *
 * <pre>{@code
 * VerifyReport r = es.operations().verify();
 * if (!r.clean()) r.differences().forEach(d -> log.warn("{} {}: {}", d.model(), d.id(), d.kind()));
 * }</pre>
 */
public interface VerifyReport {
  /**
   * Whether every model table matched row by row.
   *
   * @return true when there is no difference
   */
  boolean clean();

  /**
   * The rows that differ, by model, then id.
   *
   * @return the differences (empty when clean)
   */
  List<Difference> differences();

  /**
   * The version both sides were compared at.
   *
   * @return the version
   */
  long version();

  /** One row that differs. */
  interface Difference {
    /**
     * The model (table) name.
     *
     * @return the model
     */
    String model();

    /**
     * The row's id, as text.
     *
     * @return the id
     */
    String id();

    /**
     * How it differs: {@code "changed"}, {@code "missing"} (the replay has it, the live state
     * does not) or {@code "extra"} (only the live state has it).
     *
     * @return the kind
     */
    String kind();
  }
}
