package io.strato.es.internal.processing;

import io.strato.es.ESModel;
import io.strato.es.internal.ModelPhases;

/**
 * One model as processing sees it: the user's phases and the model's ESModel table.
 *
 * @param phases the user phases
 * @param model the model's ESModel
 */
public record Stage(ModelPhases phases, ESModel<?> model) {
  /**
   * The model name.
   *
   * @return the name
   */
  public String name() {
    return phases.name();
  }
}
