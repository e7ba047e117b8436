/**
 * strato-jsonmodel: JSON documents stored in SQLite tables. See {@link io.strato.jsonmodel.JsonModel}.
 */
module io.strato.jsonmodel {
  // transitive: JsonModel's API takes and returns DB, Row, StratoException and implements DBModel
  requires transitive io.strato.db;
  // transitive: items may be ObjectNode/JsonNode, and ModelConfig takes an ObjectMapper
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.strato.jsonmodel;
}
