package io.strato.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --classpath} option of commands that run the application's reducers. */
public final class ClasspathOption {
  /** Jars and folders holding the application's models. */
  @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH", split = "${sys:path.separator}",
      description = "The application's jars and class folders (separated by '${sys:path.separator}'); "
          + "its models are found with ServiceLoader.")
  List<Path> entries = new ArrayList<>();

  /**
   * The entries.
   *
   * @return jars and folders, maybe empty
   */
  public List<Path> entries() {
    return entries;
  }
}
