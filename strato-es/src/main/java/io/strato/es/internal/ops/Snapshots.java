package io.strato.es.internal.ops;

final class Snapshots {
  private Snapshots() {}

  static long snapshot(OpsContext c, java.nio.file.Path f) {
    throw new UnsupportedOperationException("not yet");
  }

  static long prune(OpsContext c, long beforeV, java.nio.file.Path a) {
    throw new UnsupportedOperationException("not yet");
  }
}
