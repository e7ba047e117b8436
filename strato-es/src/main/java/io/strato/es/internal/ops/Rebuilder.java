package io.strato.es.internal.ops;

final class Rebuilder {
  private Rebuilder() {}

  static void rebuild(OpsContext c, java.util.Collection<String> m, io.strato.es.Progress p) {
    throw new UnsupportedOperationException("not yet");
  }
}
