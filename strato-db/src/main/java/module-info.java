/**
 * strato-db: SQLite made pleasant. See {@link io.strato.db.DB}.
 */
module io.strato.db {
  // Not transitive: no java.sql type appears in the API (SQLExceptions are wrapped in
  // DBException), so users need not read java.sql to use DB.
  requires java.sql;
  requires org.xerial.sqlitejdbc;
  requires org.slf4j;

  exports io.strato.db;
}
