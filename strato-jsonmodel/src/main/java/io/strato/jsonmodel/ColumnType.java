package io.strato.jsonmodel;

/**
 * The SQLite type of a real column. {@link #JSON} columns hold JSON text and are read back as
 * {@link com.fasterxml.jackson.databind.JsonNode}s.
 */
public enum ColumnType {
  /** Text affinity. */
  TEXT,
  /** Numeric affinity. */
  NUMERIC,
  /** Integer affinity. */
  INTEGER,
  /** Floating point affinity. */
  REAL,
  /** No affinity: values are stored as given. */
  BLOB,
  /** JSON text; nested paths of it can back virtual columns. */
  JSON
}
