package io.strato.cli.commands;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strato completion}: prints a bash/zsh completion script (picocli's AutoComplete). */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = "Print a bash/zsh completion script: source <(strato completion)")
public final class CompletionCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  /** Creates the command (picocli does). */
  public CompletionCommand() {}

  @Override
  public Integer call() {
    String script = AutoComplete.bash("strato", spec.parent().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
