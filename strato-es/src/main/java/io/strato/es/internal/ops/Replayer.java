package io.strato.es.internal.ops;

final class Replayer {
  private Replayer() {}

  static void replayInto(OpsContext c, java.nio.file.Path f, io.strato.es.Progress p) {
    throw new UnsupportedOperationException("not yet");
  }
}
