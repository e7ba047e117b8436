/**
 * strato-jsonmodel: JSON documents stored in SQLite tables. See {@link io.strato.jsonmodel.JsonModel}.
 */
module io.strato.jsonmodel {
  requires transitive io.strato.db;
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.strato.jsonmodel;
}
