/**
 * strato-db: SQLite made pleasant. See {@link io.strato.db.DB}.
 */
module io.strato.db {
  requires transitive java.sql;
  requires org.xerial.sqlitejdbc;
  requires org.slf4j;

  exports io.strato.db;
}
