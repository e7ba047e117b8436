package io.strato.cli;

import picocli.CommandLine.Option;

/** The {@code --json} option of every command that prints a result. */
public final class JsonOption {
  /** Whether to print one JSON document instead of a table. */
  @Option(names = "--json", description = "Print one JSON document (stable field names) instead of a table.")
  boolean json;

  /**
   * Whether JSON was asked for.
   *
   * @return true with --json
   */
  public boolean on() {
    return json;
  }
}
