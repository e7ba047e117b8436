package io.strato.es.internal.ops;

import io.strato.es.HistoryFilter;
import io.strato.es.Operations;
import io.strato.es.Progress;
import io.strato.es.Status;
import io.strato.es.VerifyReport;
import io.strato.queue.Event;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * {@link Operations} of one {@code EventSourcingDB}: checks nothing itself and hands each
 * operation to the class that does that one job.
 */
public final class HistoryOperations implements Operations {
  private final OpsContext c;

  /**
   * The operations on these parts.
   *
   * @param c the parts
   */
  public HistoryOperations(OpsContext c) {
    this.c = c;
  }

  @Override
  public Status status() {
    return StatusReader.read(c);
  }

  @Override
  public List<Event> history(HistoryFilter filter) {
    return HistoryQuery.page(c, filter);
  }

  @Override
  public Event retry() {
    return Repairs.retry(c);
  }

  @Override
  public Event replace(long v, String type, Object data) {
    return Repairs.replace(c, v, type, data);
  }

  @Override
  public Event skip(long v, String reason) {
    return Repairs.skip(c, v, reason);
  }

  @Override
  public void rebuild(String... models) {
    if (models == null) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': rebuild needs model names");
    }
    rebuild(Arrays.asList(models), Progress.NONE);
  }

  @Override
  public void rebuild(Collection<String> models, Progress progress) {
    Rebuilder.rebuild(c, models, progress == null ? Progress.NONE : progress);
  }

  @Override
  public void replayInto(Path file) {
    Replayer.replayInto(c, file, Progress.NONE);
  }

  @Override
  public void replayInto(Path file, Progress progress) {
    Replayer.replayInto(c, file, progress == null ? Progress.NONE : progress);
  }

  @Override
  public VerifyReport verify() {
    return Verifier.verify(c);
  }

  @Override
  public long snapshot(Path file) {
    return Snapshots.snapshot(c, file);
  }

  @Override
  public long prune(long beforeV, Path archive) {
    return Snapshots.prune(c, beforeV, archive);
  }

  @Override
  public long exportHistory(OutputStream out) {
    return HistoryLines.export(c, out);
  }

  @Override
  public long importHistory(InputStream in) {
    return HistoryLines.importLines(c, in);
  }

  @Override
  public String toString() {
    return "Operations[" + c.name() + "]";
  }
}
