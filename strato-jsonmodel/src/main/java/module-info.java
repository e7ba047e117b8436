/**
 * strato-jsonmodel: JSON documents stored in SQLite tables. See {@link io.strato.jsonmodel.JsonModel}.
 */
@SuppressWarnings("module") // the qualified export's target, io.strato.es, is built after this module
module io.strato.jsonmodel {
  // transitive: JsonModel's API takes and returns DB, Row, StratoException and implements DBModel
  requires transitive io.strato.db;
  // transitive: items may be ObjectNode/JsonNode, and ModelConfig takes an ObjectMapper
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.strato.jsonmodel;
  // qualified: ESModel reads the resolved id column (its value function decides new ids in the
  // event's preprocessor) through internal.ResolvedColumns; users see only the public Column
  exports io.strato.jsonmodel.internal to io.strato.es;
}
