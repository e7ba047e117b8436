package io.strato.spring.boot.autoconfigure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * A Jackson 3 module that lets the application's (Jackson 3) mapper write and read strato's
 * Jackson 2 trees ({@code com.fasterxml.jackson.databind.JsonNode}, e.g. {@code Event.data()}
 * or an {@code ESModel<ObjectNode>} object) as plain JSON, so controllers can return them.
 */
public class Jackson2NodeModule extends SimpleModule {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JACKSON2 = new ObjectMapper();

  /** Creates the module. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Jackson2NodeModule() {
    super("strato-jackson2-nodes");
    addSerializer(JsonNode.class, new Writer());
    addDeserializer(JsonNode.class, new Reader<>(JsonNode.class));
    addDeserializer(ObjectNode.class, new Reader<>(ObjectNode.class));
  }

  private static final class Writer extends ValueSerializer<JsonNode> {
    @Override
    public void serialize(JsonNode value, JsonGenerator gen, SerializationContext ctxt) {
      gen.writeRawValue(value.toString());
    }
  }

  private static final class Reader<T extends JsonNode> extends ValueDeserializer<T> {
    private final Class<T> type;

    Reader(Class<T> type) {
      this.type = type;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) {
      String json = ctxt.readTree(p).toString();
      try {
        JsonNode node = JACKSON2.readTree(json);
        if (!type.isInstance(node)) {
          throw MismatchedInputException.from(p, type, "expected " + type.getSimpleName() + ", got " + node.getNodeType());
        }
        return type.cast(node);
      } catch (JsonProcessingException e) {
        throw MismatchedInputException.from(p, type, e.getOriginalMessage());
      }
    }
  }
}
