/**
 * Spring Boot 4 auto-configuration for strato: {@link io.strato.spring.boot.autoconfigure.StratoProperties}
 * ({@code strato.*}), the {@code EventSourcingDB}/{@code DB} beans
 * ({@link io.strato.spring.boot.autoconfigure.StratoAutoConfiguration}), health, metrics and the
 * Jackson 2/3 bridge.
 */
package io.strato.spring.boot.autoconfigure;
