package io.strato.micrometer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the phase and model out of a failed event's error keys ({@code _<phase>_<model>}, e.g.
 * {@code _reduce_accounts}, {@code _apply_derive}, {@code _handle}).
 */
public final class FailureKeys {
  private FailureKeys() {}

  /**
   * A phase and the model it failed in.
   *
   * @param phase e.g. {@code reduce}, {@code apply}, {@code handle}
   * @param model the model, or {@code none} when the key names none
   */
  public record Key(String phase, String model) {}

  /**
   * The phase/model pairs of a stored error.
   *
   * @param error the event's {@code error} (may be null)
   * @return the pairs, or one {@code unknown/none} pair when the error has no such keys
   */
  public static List<Key> of(JsonNode error) {
    List<Key> keys = new ArrayList<>();
    if (error != null && error.isObject()) {
      for (Iterator<String> it = error.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!k.startsWith("_")) {
          continue;
        }
        String rest = k.substring(1);
        int sep = rest.indexOf('_');
        keys.add(sep < 0 ? new Key(rest, "none") : new Key(rest.substring(0, sep), rest.substring(sep + 1)));
      }
    }
    if (keys.isEmpty()) {
      keys.add(new Key("unknown", "none"));
    }
    return keys;
  }
}
