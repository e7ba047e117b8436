package io.strato.es.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.jsonmodel.internal.ResolvedColumn;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@link EsModelAccess} an ESModel hands its internals, made of method references to its
 * protected JsonModel methods (only the model itself may call those), so the model's source
 * keeps to its document API. Immutable; as thread-safe as the model's methods.
 */
public final class EsModelView implements EsModelAccess {
  private final String name;
  private final String idCol;
  private final Supplier<ResolvedColumn> idColumn;
  private final Function<Object, Optional<ObjectNode>> tree;
  private final LongSupplier nextId;
  private final Function<Object, JsonNode> node;
  private final Consumer<ObjectNode> validate;
  private final BiFunction<ObjectNode, Map<String, ?>, ObjectNode> merge;
  private final Writes writes;

  /**
   * The model's direct table writes.
   *
   * @param remove deletes by id (no error when missing)
   * @param set inserts or replaces a tree (true: insert only)
   * @param update shallow-updates by changes with the id (true: upsert)
   */
  public record Writes(Consumer<Object> remove, BiConsumer<ObjectNode, Boolean> set,
      BiConsumer<Map<String, Object>, Boolean> update) {}

  /**
   * Creates the view.
   *
   * @param name the model name
   * @param idCol the id column's name
   * @param idColumn the id column as resolved
   * @param tree the stored object as JSON by id
   * @param nextId the next free integer id
   * @param node a value as JSON, with the model's mapper
   * @param validate checks an object as the table would store it
   * @param merge the object an update would store (base not changed)
   * @param writes the direct table writes
   */
  public EsModelView(String name, String idCol, Supplier<ResolvedColumn> idColumn,
      Function<Object, Optional<ObjectNode>> tree, LongSupplier nextId, Function<Object, JsonNode> node,
      Consumer<ObjectNode> validate, BiFunction<ObjectNode, Map<String, ?>, ObjectNode> merge, Writes writes) {
    this.name = name;
    this.idCol = idCol;
    this.idColumn = idColumn;
    this.tree = tree;
    this.nextId = nextId;
    this.node = node;
    this.validate = validate;
    this.merge = merge;
    this.writes = writes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String idCol() {
    return idCol;
  }

  @Override
  public ResolvedColumn idColumn() {
    return idColumn.get();
  }

  @Override
  public Optional<ObjectNode> tree(Object id) {
    return tree.apply(id);
  }

  @Override
  public long nextId() {
    return nextId.getAsLong();
  }

  @Override
  public JsonNode node(Object value) {
    return node.apply(value);
  }

  @Override
  public void validate(ObjectNode t) {
    validate.accept(t);
  }

  @Override
  public ObjectNode merge(ObjectNode base, Map<String, ?> changes) {
    return merge.apply(base, changes);
  }

  @Override
  public void remove(Object id) {
    writes.remove().accept(id);
  }

  @Override
  public void set(ObjectNode t, boolean insertOnly) {
    writes.set().accept(t, insertOnly);
  }

  @Override
  public void update(Map<String, Object> changes, boolean upsert) {
    writes.update().accept(changes, upsert);
  }
}
