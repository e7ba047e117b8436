package io.strato.examples.snippets;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;

import io.strato.db.DB;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.MatchMode;
import io.strato.jsonmodel.ModelConfig;
import io.strato.jsonmodel.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** README quick start for strato-jsonmodel. Compiled and tested with the build. */
public final class JsonModelQuickStart {
  private JsonModelQuickStart() {}

  /** A document: a plain record mapped by Jackson. */
  public record User(String id, String name, String email, List<String> tags, Map<String, Object> address) {}

  /**
   * Stores users and pages through a search.
   *
   * @param file the database file
   * @return the names on the second page of admins sorted by name
   */
  public static List<String> run(Path file) {
    // --- snippet: jsonmodel
    try (DB db = DB.file(file)) {
      JsonModel<User> users = db.addModel(d -> new JsonModel<>(d, ModelConfig.builder("users", User.class)
          .column("email", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())  // real column
          .column("name", column().index(IndexKind.DEFAULT))                                    // virtual, indexed
          .column("city", column().path("address.city"))                                       // nested path
          .column("tags", column().match(MatchMode.IS_ARRAY))                                 // array membership
          .build()));
      for (String n : List.of("Ada", "Grace", "Linus", "Margaret", "Ken")) {
        users.set(new User(null, n, n.toLowerCase() + "@example.com", List.of("admin"), Map.of("city", "Gent")));
      }
      Page<User> first = users.search(Map.of("tags", "admin", "city", "Gent"), options().sort("name", 1).limit(2));
      Page<User> second = users.search(Map.of("tags", "admin", "city", "Gent"),
          options().sort("name", 1).limit(2).cursor(first.cursor()));
      return second.items().stream().map(User::name).toList();       // [Ken, Linus]
    }
    // --- end
  }
}
