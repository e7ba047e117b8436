package io.strato.examples.spring;

import io.strato.es.EventFailedException;
import io.strato.es.EventRejectedException;
import io.strato.es.ProcessingHaltedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps strato's outcomes to HTTP: a rejected event (a business rule said no: overdraft, unknown
 * account) is 422 with the reason; a halted log is 503 (retrying later can work); a failed event
 * (a bug) is 500; bad input is 400. Bodies are RFC 9457 problem details.
 */
@RestControllerAdvice
public class LedgerErrors {
  /** Creates the advice. */
  public LedgerErrors() {}

  /**
   * A rejected event.
   *
   * @param e the rejection
   * @return 422 with {@code reason}, {@code model} and the event's {@code v}
   */
  @ExceptionHandler(EventRejectedException.class)
  public ProblemDetail rejected(EventRejectedException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.reason());
    p.setTitle("Rejected");
    p.setProperty("reason", e.reason());
    p.setProperty("model", e.model());
    p.setProperty("v", e.event().v());
    return p;
  }

  /**
   * Processing is halted at a failed event.
   *
   * @param e the exception
   * @return 503
   */
  @ExceptionHandler(ProcessingHaltedException.class)
  public ProblemDetail halted(ProcessingHaltedException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        "processing is halted at event " + e.failedEvent().v());
    p.setTitle("Halted");
    return p;
  }

  /**
   * A failed event.
   *
   * @param e the failure
   * @return 500 with a one-line summary
   */
  @ExceptionHandler(EventFailedException.class)
  public ProblemDetail failed(EventFailedException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
        EventFailedException.summary(e.event()));
    p.setTitle("Event failed");
    return p;
  }

  /**
   * Bad input.
   *
   * @param e the exception
   * @return 400
   */
  @ExceptionHandler(IllegalArgumentException.class)
  public ProblemDetail badRequest(IllegalArgumentException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }
}
