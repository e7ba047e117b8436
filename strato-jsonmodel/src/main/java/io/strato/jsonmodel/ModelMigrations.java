package io.strato.jsonmodel;

import io.strato.db.DB;
import io.strato.db.Migration;
import io.strato.jsonmodel.internal.TableSql;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers a model's migrations on its DB: the table's own (one per column, see
 * {@link TableSql#migrations}) and the model's, each of the latter with a
 * {@link MigrationContext}. They run in the DB's migration batch, so whatever a layer above
 * sets up around that batch (see {@code DB.Builder.aroundMigrations}) holds for them too.
 */
final class ModelMigrations {
  private ModelMigrations() {}

  static <T> void register(JsonModel<T> model, TableSql table) {
    String name = model.name();
    Map<String, Migration> migrations = new LinkedHashMap<>(table.migrations(model.config().resolvedColumns()));
    MigrationContext<T> ctx = new MigrationContext<>() {
      @Override
      public DB db() {
        return model.db();
      }

      @Override
      public JsonModel<T> model() {
        return model;
      }

      @Override
      public Map<String, Object> options() {
        return model.config().migrationOptions();
      }
    };
    model.config().migrations().forEach((key, m) -> {
      // upstream keys a virtual column's migration "1_<column>": a model migration of that name
      // would silently replace it
      if (migrations.putIfAbsent(key, d -> m.up(ctx)) != null) {
        throw new IllegalArgumentException("JsonModel '" + name + "': migration key '" + key
            + "' is the key of a column's own migration; choose another key");
      }
    });
    model.db().registerMigrations(name, migrations);
  }
}
