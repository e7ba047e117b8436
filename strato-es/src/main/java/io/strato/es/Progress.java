package io.strato.es;

/**
 * Told how far a long history operation got ({@link Operations#rebuild(java.util.Collection, Progress)},
 * replays, exports, prunes). Called on the thread running the operation; keep it short.
 *
 * <pre>{@code
 * es.operations().rebuild(List.of("accounts"), (done, total) -> log.info("{}/{}", done, total));
 * }</pre>
 */
@FunctionalInterface
public interface Progress {
  /** A progress that ignores every update. */
  Progress NONE = (done, total) -> {};

  /**
   * Reports progress.
   *
   * @param done events (or rows) handled so far
   * @param total how many there are in all (an estimate: the log's head when the work started)
   */
  void update(long done, long total);
}
