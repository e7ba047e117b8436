package io.strato.es.internal.ops;

final class Verifier {
  private Verifier() {}

  static io.strato.es.VerifyReport verify(OpsContext c) {
    throw new UnsupportedOperationException("not yet");
  }
}
