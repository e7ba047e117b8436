/**
 * The {@code strato} command line: {@link io.strato.cli.StratoCli} (entry point, exit codes),
 * how files are opened ({@link io.strato.cli.Databases}) and how results are printed
 * ({@link io.strato.cli.Output}, {@link io.strato.cli.Table}).
 */
package io.strato.cli;
