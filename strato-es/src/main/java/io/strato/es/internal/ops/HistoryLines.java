package io.strato.es.internal.ops;

final class HistoryLines {
  private HistoryLines() {}

  static long export(OpsContext c, java.io.OutputStream out) {
    throw new UnsupportedOperationException("not yet");
  }

  static long importLines(OpsContext c, java.io.InputStream in) {
    throw new UnsupportedOperationException("not yet");
  }
}
