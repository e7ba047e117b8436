package io.strato.cli;

import io.strato.cli.commands.CompletionCommand;
import io.strato.cli.commands.ExportCommand;
import io.strato.cli.commands.FailedCommand;
import io.strato.cli.commands.HistoryCommand;
import io.strato.cli.commands.ImportCommand;
import io.strato.cli.commands.ModelsCommand;
import io.strato.cli.commands.PruneCommand;
import io.strato.cli.commands.RebuildCommand;
import io.strato.cli.commands.ReplaceCommand;
import io.strato.cli.commands.ReplayCommand;
import io.strato.cli.commands.RetryCommand;
import io.strato.cli.commands.ShowCommand;
import io.strato.cli.commands.SkipCommand;
import io.strato.cli.commands.SnapshotCommand;
import io.strato.cli.commands.StatusCommand;
import io.strato.cli.commands.VerifyCommand;
import io.strato.es.EventFailedException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * The {@code strato} command line: the entry point, the list of commands, and how errors become
 * one line on stderr and an exit code ({@link ExitCode}).
 *
 * <pre>{@code
 * int code = StratoCli.commandLine().execute("status", "--db", "app.db", "--json");
 * }</pre>
 */
@Command(name = "strato", mixinStandardHelpOptions = true, versionProvider = StratoCli.Version.class,
    description = "Operate a strato-db event-sourcing file: look at its history, repair a failed event, "
        + "rebuild, replay, verify, snapshot, prune, export and import.",
    subcommands = {StatusCommand.class, HistoryCommand.class, ShowCommand.class, FailedCommand.class,
        ModelsCommand.class, RetryCommand.class, ReplaceCommand.class, SkipCommand.class, RebuildCommand.class,
        ReplayCommand.class, VerifyCommand.class, SnapshotCommand.class, PruneCommand.class, ExportCommand.class,
        ImportCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0  ok", "  1  the operation failed or refused (message on stderr), or verify found drift",
        "  2  usage: unknown command or option, missing parameter",
        "  3  file problem: missing, not a SQLite file, or a target that exists",
        "", "The file comes from --db FILE or $STRATO_DB. Colours only on a terminal; --no-color or NO_COLOR turn them off."})
public final class StratoCli implements Runnable {
  @picocli.CommandLine.Spec
  private picocli.CommandLine.Model.CommandSpec spec;

  /** Creates the top command (picocli does). */
  public StratoCli() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    List<String> list = Arrays.asList(args);
    if (list.contains("--verbose") || list.contains("-v")) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * The configured command line (exit codes, error handling), writing to System.out and System.err.
   *
   * @return a new command line
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new StratoCli());
    cl.setExecutionExceptionHandler(StratoCli::handle);
    cl.setParameterExceptionHandler(StratoCli::usageError);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /**
   * The command line writing to these writers (for tests and embedding).
   *
   * @param out the result writer
   * @param err the error writer
   * @return a new command line
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine().setOut(out).setErr(err);
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("strato: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCode.USAGE;
  }

  private static int handle(Exception e, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    int code;
    String message;
    if (e instanceof CliException c) {
      code = c.exitCode();
      message = c.getMessage();
    } else if (e instanceof EventFailedException f) {
      code = ExitCode.FAILURE;
      message = "event " + f.event().v() + " (" + f.event().type() + ") failed: " + EventFailedException.summary(f.event());
    } else if (e instanceof IllegalArgumentException) {
      code = ExitCode.FAILURE;
      message = e.getMessage();
    } else {
      code = ExitCode.FAILURE;
      message = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    err.println("strato " + cl.getCommandName() + ": " + message);
    if (cl.getCommand() instanceof StratoCommand s && s.verbose()) {
      e.printStackTrace(err);
    } else if (!(e instanceof CliException)) {
      err.println("(run with --verbose for details)");
    }
    err.flush();
    return code;
  }

  /** The version from the jar's manifest (or "dev" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = StratoCli.class.getPackage().getImplementationVersion();
      return new String[] {"strato " + (v == null ? "dev" : v)};
    }
  }
}
