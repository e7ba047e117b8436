/**
 * The SPI for models and their phases, found with {@link java.util.ServiceLoader} or registered
 * on the builder.
 *
 * <ul>
 *   <li>{@link io.strato.es.spi.EventModel}: a model with its table and any of its phases.</li>
 *   <li>Standalone phases naming their model: {@link io.strato.es.spi.Preprocessor},
 *       {@link io.strato.es.spi.Reducer}, {@link io.strato.es.spi.Deriver},
 *       {@link io.strato.es.spi.Transactor}.</li>
 *   <li>What phases get: {@link io.strato.es.spi.ReduxContext},
 *       {@link io.strato.es.spi.DeriveContext}, {@link io.strato.es.spi.TransactContext}.</li>
 *   <li>What reducers return: {@link io.strato.es.spi.ReduceResult} (changes, sub-events,
 *       {@code reject}, {@code error}); sub-events as {@link io.strato.es.spi.NewEvent};
 *       {@link io.strato.es.spi.EventRejection} to reject from a preprocessor.</li>
 * </ul>
 */
package io.strato.es.spi;
