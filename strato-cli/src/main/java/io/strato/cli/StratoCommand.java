package io.strato.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every command that opens a strato file: the common options, and an {@link Output}
 * over the command line's out and err writers.
 */
public abstract class StratoCommand implements Callable<Integer> {
  /** The command's model (for its writers). */
  @Spec
  protected CommandSpec spec;

  /** --db, --queue-file, --verbose, --no-color. */
  @Mixin
  protected CommonOptions common;

  /** Creates the command (picocli does). */
  protected StratoCommand() {}

  @Override
  public final Integer call() throws Exception {
    Output out = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), System.console() != null,
        common.noColor());
    return run(out);
  }

  /**
   * Whether stack traces are wanted.
   *
   * @return true with --verbose
   */
  public boolean verbose() {
    return common != null && common.verbose();
  }

  /**
   * Runs the command.
   *
   * @param out where to print
   * @return the exit code
   * @throws Exception reported by {@link StratoCli} with an exit code
   */
  protected abstract int run(Output out) throws Exception;
}
