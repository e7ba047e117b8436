package io.strato.spring.boot.autoconfigure;

import io.strato.db.DB;
import io.strato.es.EventSourcingDB;
import io.strato.es.ProcessingListener;
import io.strato.es.spi.Deriver;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.Preprocessor;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.Transactor;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@link StratoProperties}, model beans, listeners and customizers into a DB. */
final class EventSourcingDBFactory {
  private static final Logger LOG = LoggerFactory.getLogger(EventSourcingDBFactory.class);

  /** The phase beans found in the context. */
  record Phases(List<EventModel> models, List<Preprocessor> preprocessors, List<Reducer> reducers,
      List<Deriver> derivers, List<Transactor> transactors) {}

  private EventSourcingDBFactory() {}

  static EventSourcingDB eventSourcing(StratoProperties p, Phases phases, List<ProcessingListener> listeners,
      List<StratoCustomizer> customizers) {
    EventSourcingDB.Builder b = EventSourcingDB.builder().name(p.effectiveName()).dbSettings(db -> tune(p, db));
    if (p.getFile() != null) {
      b.file(p.getFile());
    }
    if (p.getQueueFile() != null) {
      b.queueFile(p.getQueueFile());
    }
    if (p.getBatchSize() != null) {
      b.batchSize(p.getBatchSize());
    }
    b.retryBackoff(p.getRetry().getInitialBackoff(), p.getRetry().getMaxBackoff()).maxRetries(p.getRetry().getMaxAttempts());
    phases.models().forEach(b::model);
    phases.preprocessors().forEach(b::preprocessor);
    phases.reducers().forEach(b::reducer);
    phases.derivers().forEach(b::deriver);
    phases.transactors().forEach(b::transactor);
    if (p.isDiscoverModels()) {
      b.discoverModels();
    }
    listeners.forEach(b::listener);
    customizers.forEach(c -> c.customize(b));
    EventSourcingDB es = b.build();
    try {
      es.open();
      customizers.forEach(c -> c.built(es));
      if (p.isPolling()) {
        es.startPolling();
      }
    } catch (RuntimeException e) {
      es.close();
      throw e;
    }
    LOG.info("strato: EventSourcingDB '{}' on {} at version {}", p.effectiveName(),
        p.getFile() == null ? "memory" : p.getFile(), es.getVersion());
    return es;
  }

  static DB plain(StratoProperties p, List<StratoCustomizer> customizers) {
    DB.Builder b = DB.builder().name(p.effectiveName());
    if (p.getFile() != null) {
      b.file(p.getFile());
    }
    tune(p, b);
    DB db = b.build();
    customizers.forEach(c -> c.built(db));
    return db;
  }

  private static void tune(StratoProperties p, DB.Builder db) {
    if (p.getReaders() != null) {
      db.readers(p.getReaders());
    }
    if (p.getBusyTimeout() != null) {
      db.busyTimeout(p.getBusyTimeout());
    }
    if (p.getCheckpointInterval() != null) {
      db.checkpointInterval(p.getCheckpointInterval());
    }
    db.fullSync(p.getSynchronous() == StratoProperties.Synchronous.FULL);
  }
}
