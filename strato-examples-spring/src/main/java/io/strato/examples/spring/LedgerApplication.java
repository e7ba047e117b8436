package io.strato.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The example ledger as a Spring Boot service. strato-spring-boot-starter configures the
 * {@code EventSourcingDB} from {@code strato.*} (see {@code application.properties}); the
 * ledger's models come from strato-examples through {@code ServiceLoader}.
 */
@SpringBootApplication
public class LedgerApplication {
  /** Creates the application (Spring does). */
  public LedgerApplication() {}

  /**
   * Starts the service.
   *
   * @param args Spring Boot arguments, e.g. {@code --strato.file=ledger.db --server.port=8080}
   */
  public static void main(String[] args) {
    SpringApplication.run(LedgerApplication.class, args);
  }
}
