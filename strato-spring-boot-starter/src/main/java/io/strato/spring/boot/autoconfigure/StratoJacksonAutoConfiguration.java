package io.strato.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bridges the two Jacksons in a default Boot 4 application: registers {@link Jackson2NodeModule}
 * with Boot's Jackson 3 {@code JsonMapper} (Boot adds every {@code JacksonModule} bean), so
 * strato's Jackson 2 {@code JsonNode}s serialize as JSON in web responses.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(JsonMapper.class)
public class StratoJacksonAutoConfiguration {
  /** Creates the configuration. */
  public StratoJacksonAutoConfiguration() {}

  /**
   * The bridge module.
   *
   * @return the module
   */
  @Bean
  @ConditionalOnMissingBean
  public Jackson2NodeModule stratoJackson2NodeModule() {
    return new Jackson2NodeModule();
  }
}
