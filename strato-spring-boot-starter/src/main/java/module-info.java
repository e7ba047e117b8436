/**
 * strato-spring-boot-starter: Spring Boot 4 auto-configuration for strato. See
 * {@link io.strato.spring.boot.autoconfigure.StratoAutoConfiguration}.
 */
module io.strato.spring.boot {
  // transitive: the beans it defines and the customizer API are strato-es types
  requires transitive io.strato.es;
  // transitive: the auto-configuration and properties classes extend/annotate with Boot types
  requires transitive spring.boot.autoconfigure;
  requires spring.boot;
  requires spring.beans;
  requires spring.context;
  requires org.slf4j;
  // static: optional integrations, used only when the application has them
  requires static io.strato.micrometer;
  requires static micrometer.core;
  requires static spring.boot.health;
  requires static spring.boot.jackson;
  requires static tools.jackson.databind;
  requires static tools.jackson.core;

  exports io.strato.spring.boot.autoconfigure;

  // Spring instantiates the configuration classes and binds the properties reflectively.
  opens io.strato.spring.boot.autoconfigure to spring.core, spring.beans, spring.context;
}
