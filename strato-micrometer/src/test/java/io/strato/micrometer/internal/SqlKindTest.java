package io.strato.micrometer.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlKindTest {
  @Test
  void classifiesByFirstKeyword() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("SELECT 1", "read");
    cases.put("  select * from t", "read");
    cases.put("-- c\nSELECT 1", "read");
    cases.put("/* x */ VALUES (1)", "read");
    cases.put("PRAGMA user_version", "read");
    cases.put("PRAGMA user_version = 3", "write");
    cases.put("WITH a AS (SELECT 1) SELECT * FROM a", "read");
    cases.put("WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a", "write");
    cases.put("INSERT INTO t VALUES (1)", "write");
    cases.put("UPDATE t SET x = 1", "write");
    cases.put("CREATE TABLE t(x)", "write");
    cases.put(null, "write");
    assertAll(cases.entrySet().stream().map(c -> () -> assertEquals(c.getValue(), SqlKind.of(c.getKey()), c.getKey())));
  }
}
