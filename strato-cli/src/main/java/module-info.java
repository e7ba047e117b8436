/**
 * strato-cli: the operator's command line over {@link io.strato.es.Operations}. The entry point
 * is {@link io.strato.cli.StratoCli}; every command is a class in {@code io.strato.cli.commands}.
 */
module io.strato.cli {
  // the operations API; transitively io.strato.queue, io.strato.jsonmodel, io.strato.db and Jackson
  requires io.strato.es;
  // an automatic module (Automatic-Module-Name info.picocli); not transitive: no picocli type in
  // this module's API other than the commands themselves, which only picocli instantiates
  requires info.picocli;
  requires org.slf4j;

  exports io.strato.cli;

  // picocli reads and writes the annotated fields reflectively
  opens io.strato.cli to info.picocli;
  opens io.strato.cli.commands to info.picocli;
}
