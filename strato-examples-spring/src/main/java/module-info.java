/**
 * Example Spring Boot 4 REST service over the example ledger (io.strato.examples.ledger), on
 * strato-spring-boot-starter. Run it with {@code io.strato.examples.spring.LedgerApplication}.
 */
module io.strato.examples.spring {
  requires io.strato.examples;
  requires io.strato.spring.boot;
  requires spring.boot;
  requires spring.boot.autoconfigure;
  requires spring.context;
  requires spring.core;
  requires spring.web;

  exports io.strato.examples.spring;

  // Spring creates the application's beans and binds the request records reflectively.
  opens io.strato.examples.spring to spring.core, spring.beans, spring.context, spring.web, tools.jackson.databind;
}
