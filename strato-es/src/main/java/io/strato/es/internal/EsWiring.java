package io.strato.es.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.db.DB;
import io.strato.es.ESModel;
import io.strato.es.EventDispatcher;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.es.internal.processing.ProcessingLoop;
import io.strato.es.internal.processing.ProcessingParts;
import io.strato.es.internal.processing.Stage;
import io.strato.es.internal.processing.Upcasters;
import io.strato.jsonmodel.ModelConfig;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the parts of one {@code EventSourcingDB} from its {@link EsSettings} and holds them:
 * the state DB (with the upstream migrations and the open hooks that queue {@code es/INIT}
 * events and align the log's versions), the event log and processed records, one ESModel and
 * one {@link Stage} per model, and the processing loop (null when read-only). Nothing is opened
 * here. The public class keeps only its facade; everything it delegates to starts here.
 */
public final class EsWiring {
  private static final Logger LOG = LoggerFactory.getLogger("io.strato.es.EventSourcingDB");

  private final EsSettings settings;
  private final DB db;
  private final LogSetup logs;
  private final DB separateLogDb;
  private final List<Stage> stages;
  private final ObjectMapper mapper;
  private final ProcessingLoop loop;
  private final List<Consumer<Event>> resultListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Event>> errorListeners = new CopyOnWriteArrayList<>();
  private final Set<String> initPending = new HashSet<>();
  private final String modelsDescription;
  private final WriteAccess writes = new WriteAccess();

  /**
   * Builds the parts.
   *
   * @param s the settings
   * @param dispatcher what the models dispatch their writes through (the public facade)
   * @throws IllegalArgumentException for conflicting models, files or logs
   */
  public EsWiring(EsSettings s, EventDispatcher dispatcher) {
    this.settings = s;
    OpenReport.checkDistinctFiles(s.file(), s.logs().queueFile());
    List<ModelPhases> phases = s.registry().resolve();
    this.modelsDescription = s.registry().describe();
    List<String> initModels = new ArrayList<>();
    if (!s.replica()) {
      // a replica (replayInto, rebuild, verify) gets its init events from the history it replays
      phases.stream().filter(ModelPhases::init).forEach(p -> initModels.add(p.name()));
    }
    this.db = stateDb(initModels);
    if (!s.readOnly()) {
      db.registerMigrations("ESDB", UpstreamMigrations.esdb());
    }
    this.logs = LogSetup.choose(s.logs(), db, s.dbBuilder());
    this.separateLogDb = logs.log().stateDb().filter(d -> d != db).orElse(null);
    logs.records().attach(db); // e.g. records kept in a table of the state file (strato-es-postgres)
    EventDispatcher models = new ModelDispatcher(dispatcher, logs.queue(), writes);
    List<Stage> st = new ArrayList<>();
    for (ModelPhases p : phases) {
      st.add(new Stage(p, addModel(p, models)));
    }
    this.stages = List.copyOf(st);
    this.mapper = logs.queue() != null ? logs.queue().objectMapper() : new ObjectMapper();
    this.loop = s.readOnly() ? null : new ProcessingLoop(
        new ProcessingParts(s.name(), db, logs.log(), logs.records(), stages, db.store(), mapper,
            e -> resultListeners.forEach(l -> l.accept(e)), e -> errorListeners.forEach(l -> l.accept(e)),
            new Upcasters(s.registry().upcasters()), writes),
        s.processing());
  }

  private DB stateDb(List<String> initModels) {
    EsSettings s = settings;
    DB.Builder dbb = s.dbBuilder().get().readOnly(s.readOnly()).name(s.name());
    if (s.file() != null) {
      dbb.file(s.file());
    }
    dbb.onWillOpen(s.hooks().willOpen());
    // SPEC §5: the models are writable while the state DB's migrations (theirs and the DB's) run
    dbb.aroundMigrations((d, migrations) -> {
      WriteAccess.Grant writing = writes.grant();
      try {
        migrations.run();
      } finally {
        writing.close();
      }
    });
    dbb.onBeforeMigrations(d -> {
      for (String m : initModels) {
        if (d.get("SELECT 1 AS e FROM sqlite_master WHERE type = 'table' AND name = ?", m).isEmpty()) {
          synchronized (initPending) {
            initPending.add(m);
          }
        }
      }
      if (s.hooks().beforeMigrations() != null) {
        s.hooks().beforeMigrations().accept(d);
      }
    });
    dbb.onDidOpen(d -> {
      if (s.hooks().didOpen() != null) {
        s.hooks().didOpen().accept(d);
      }
      if (s.readOnly()) {
        OpenReport.log(s.name(), d, d.userVersion(), logs.log()::head, modelsDescription);
      } else {
        afterOpen(d);
      }
    });
    return dbb.build();
  }

  private ESModel<?> addModel(ModelPhases p, EventDispatcher dispatcher) {
    ModelConfig<?> cfg = p.config() != null ? p.config() : ModelConfig.builder(p.name()).build();
    if (!cfg.name().equals(p.name())) {
      throw new IllegalArgumentException("EventSourcingDB: model '" + p.name() + "' (" + p.sources()
          + ") has a config named '" + cfg.name() + "'");
    }
    return createModel(cfg, dispatcher);
  }

  private <T> ESModel<T> createModel(ModelConfig<T> cfg, EventDispatcher dispatcher) {
    return db.addModel(d -> new ESModel<>(d, cfg, dispatcher));
  }

  /** Runs inside the state DB's open: aligns the log's versions, queues init events, logs where it stands. */
  private void afterOpen(DB d) {
    EventLog log = logs.log();
    long v = d.userVersion();
    OpenReport.log(settings.name(), d, v, log::head, modelsDescription);
    if (v > 0 && log.head() < v) {
      LOG.info("EventSourcingDB '{}': the state is at version {}, ahead of the log; new events continue from there",
          settings.name(), v);
      log.continueAfter(v);
    }
    List<String> init;
    synchronized (initPending) {
      init = new ArrayList<>(initPending);
      initPending.clear();
    }
    if (!init.isEmpty()) {
      // After the version bump continueAfter queued for the end of the open (runOnceOnOpen runs
      // in order): appended now, an INIT event would get a version the state already has.
      d.runOnceOnOpen(x -> init.forEach(m -> log.append("es/INIT:" + m, null, 0)));
    }
  }

  /** @return the settings it was built from */
  public EsSettings settings() {
    return settings;
  }

  /** @return the DB's name, for logs and errors */
  public String name() {
    return settings.name();
  }

  /** @return the state DB */
  public DB db() {
    return db;
  }

  /** @return the queue's own DB when it has one (closed with the DB), else null */
  public DB queueDb() {
    return logs.queueDb();
  }

  /** @return the log's SQLite DB when it is not the state DB (checked on every dispatch), else null */
  public DB separateLogDb() {
    return separateLogDb;
  }

  /** @return the SQLite queue, or null with another event log */
  public EventQueue queue() {
    return logs.queue();
  }

  /** @return the event log */
  public EventLog log() {
    return logs.log();
  }

  /** @return where processed records go */
  public ProcessedRecords records() {
    return logs.records();
  }

  /** @return the stages, in processing order */
  public List<Stage> stages() {
    return stages;
  }

  /** @return the JSON mapper events are converted with */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** @return the processing loop, or null when read-only */
  public ProcessingLoop loop() {
    return loop;
  }

  /** @return the result listeners (each processed event, after commit) */
  public List<Consumer<Event>> resultListeners() {
    return resultListeners;
  }

  /** @return the error listeners (each failed attempt) */
  public List<Consumer<Event>> errorListeners() {
    return errorListeners;
  }
}
