package io.strato.db;

import io.strato.db.internal.MigrationHost;
import io.strato.db.internal.MigrationRegistry;
import java.util.List;
import java.util.Map;

/**
 * A DB's migrations: the registry (which knows nothing of {@link DB}) works through this host,
 * and the batch runs inside the {@link MigrationInterceptor}, when there is one.
 * Package-private: {@link DB} holds one.
 */
final class DBMigrations implements MigrationHost<Migration> {
  private final DB db;
  private final MigrationInterceptor interceptor;
  private final MigrationRegistry<Migration> registry = new MigrationRegistry<>();

  DBMigrations(DB db, MigrationInterceptor interceptor) {
    this.db = db;
    this.interceptor = interceptor;
  }

  void register(String group, Map<String, Migration> migrations) {
    registry.register(db.name(), group, migrations);
  }

  /** Runs the pending migrations; call inside the open's transaction. */
  void runPending() throws Exception {
    if (interceptor == null) {
      registry.runPending(this);
      return;
    }
    boolean[] ran = {false};
    interceptor.around(db, () -> {
      if (ran[0]) {
        throw new StratoException("DB '" + db.name() + "': the migration interceptor ran the migrations twice");
      }
      ran[0] = true;
      registry.runPending(this);
    });
    if (!ran[0]) {
      throw new StratoException("DB '" + db.name() + "': the migration interceptor returned without running the"
          + " migrations (it must call migrations.run() once)");
    }
  }

  void markRan() {
    registry.markRan();
  }

  @Override
  public String name() {
    return db.name();
  }

  @Override
  public List<Row> all(String sql, Object... params) {
    return db.all(sql, params);
  }

  @Override
  public void exec(String script) {
    db.exec(script);
  }

  @Override
  public void run(String sql, Object... params) {
    db.run(sql, params);
  }

  @Override
  public void up(Migration migration) throws Exception {
    migration.up(db);
  }
}
