package io.strato.db.internal;

import io.strato.db.DBModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The models registered on one DB, by name, in registration order; thread-safe. */
public final class ModelStore {
  private final String dbName;
  private final Map<String, DBModel> models = new LinkedHashMap<>();

  /**
   * Creates an empty store.
   *
   * @param dbName the DB's name, for error messages
   */
  public ModelStore(String dbName) {
    this.dbName = dbName;
  }

  /**
   * Registers a model under its name.
   *
   * @param model the model a factory returned
   * @param <M> the model type
   * @return the model
   * @throws IllegalArgumentException for null, a model without a name, or a name already taken
   */
  public synchronized <M extends DBModel> M add(M model) {
    if (model == null || model.name() == null || model.name().isEmpty()) {
      throw new IllegalArgumentException("DB '" + dbName + "': addModel factory returned no model or a model without a name");
    }
    if (models.containsKey(model.name())) {
      throw new IllegalArgumentException("DB '" + dbName + "': a model named '" + model.name() + "' already exists");
    }
    models.put(model.name(), model);
    return model;
  }

  /**
   * The registered models.
   *
   * @return an unmodifiable snapshot, in registration order
   */
  public synchronized Map<String, DBModel> snapshot() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(models));
  }

  /**
   * A registered model, typed.
   *
   * @param name the model name
   * @param type the expected class
   * @param <M> the model type
   * @return the model
   * @throws IllegalArgumentException when there is no such model, it has another type, or type
   *     is null
   */
  public synchronized <M> M get(String name, Class<M> type) {
    if (type == null) {
      throw new IllegalArgumentException("DB '" + dbName + "': model(name, type): type must not be null");
    }
    DBModel m = name == null ? null : models.get(name);
    if (m == null) {
      throw new IllegalArgumentException("DB '" + dbName + "' has no model named '" + name + "'; models: " + models.keySet());
    }
    if (!type.isInstance(m)) {
      throw new IllegalArgumentException("Model '" + name + "' is a " + m.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(m);
  }
}
