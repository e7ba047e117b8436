package io.strato.es.spi;

/**
 * Thrown by a preprocessor (or a reducer) to reject the event being processed for a business
 * reason, the same as a reducer returning {@link ReduceResult#reject(String)}: the event is
 * processed, nothing is applied, and the reason is stored and reported to the dispatcher as
 * {@code io.strato.es.EventRejectedException}.
 *
 * <pre>{@code
 * public Event preprocess(ReduxContext ctx) {
 *   if (ctx.event().data().path("euros").asText().isEmpty()) throw new EventRejection("no amount");
 *   ...
 * }
 * }</pre>
 *
 * <p>Any other exception is a failure: the event is rolled back and processing halts at it.
 * No stack trace is captured: a rejection is an expected outcome, not a bug.
 */
public final class EventRejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a rejection.
   *
   * @param reason why the event is rejected; non-empty
   * @throws IllegalArgumentException for a null or empty reason
   */
  public EventRejection(String reason) {
    super(checked(reason), null, false, false);
  }

  private static String checked(String reason) {
    if (reason == null || reason.isEmpty()) {
      throw new IllegalArgumentException("EventRejection: the reason must be a non-empty string");
    }
    return reason;
  }

  /**
   * Why the event is rejected.
   *
   * @return the reason
   */
  public String reason() {
    return getMessage();
  }
}
