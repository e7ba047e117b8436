/**
 * One class per {@code strato} command, each a thin layer over one {@link io.strato.es.Operations}
 * call: it parses options, calls the operation and prints the result.
 */
package io.strato.cli.commands;
