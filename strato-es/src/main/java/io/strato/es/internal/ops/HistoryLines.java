package io.strato.es.internal.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.log.EventLog;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The history as JSON lines, one event per line:
 * {@code {"v":1,"type":"account/opened","ts":1767225600000,"data":{…},"result":{…}}} ({@code data},
 * {@code result} and {@code error} only when present). Export pages through the log; import
 * appends with the same versions, in one transaction.
 */
final class HistoryLines {
  static final int PAGE = 1000;
  private static final ObjectMapper M = new ObjectMapper();

  private HistoryLines() {}

  static long export(OpsContext c, OutputStream out) {
    if (out == null) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': exportHistory needs an OutputStream");
    }
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    long n = write(c.log(), 0, Long.MAX_VALUE, w, done -> {});
    try {
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  /** Writes the events {@code afterV < v <= upTo} as lines, page by page. */
  static long write(EventLog log, long afterV, long upTo, Writer w, LongConsumer progress) {
    long n = 0;
    long after = afterV;
    try {
      while (after < upTo) {
        List<Event> page = log.read(after, PAGE);
        for (Event e : page) {
          if (e.v() > upTo) {
            return n;
          }
          w.write(line(e));
          w.write('\n');
          n++;
          after = e.v();
        }
        progress.accept(n);
        if (page.size() < PAGE) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  static String line(Event e) {
    ObjectNode o = M.createObjectNode();
    o.put("v", e.v());
    o.put("type", e.type());
    o.put("ts", e.ts());
    if (e.data() != null) {
      o.set("data", e.data());
    }
    if (e.result() != null) {
      o.set("result", e.result());
    }
    if (e.error() != null) {
      o.set("error", e.error());
    }
    return o.toString();
  }

  static long importLines(OpsContext c, InputStream in) {
    if (in == null) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': importHistory needs an InputStream");
    }
    EventQueue q = c.requireQueue("importHistory");
    long[] last = {0};
    long n = c.writeLocked("importHistory", () -> {
      long head = c.log().head();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      long count = 0;
      long prev = head;
      int lineNo = 0;
      try {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          Event e = parse(c, line, lineNo);
          if (e.v() <= prev) {
            throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': importHistory line " + lineNo
                + ": version " + e.v() + " is not above " + (prev == head ? "the log's head " : "the previous line's ")
                + prev);
          }
          q.insert(e);
          prev = e.v();
          count++;
        }
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      last[0] = prev;
      return count;
    });
    if (last[0] > 0) {
      q.setKnownV(last[0]); // new events continue after the imported ones, even if all are pruned later
    }
    return n;
  }

  private static Event parse(OpsContext c, String line, int lineNo) {
    JsonNode o;
    try {
      o = M.readTree(line);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': importHistory line " + lineNo
          + " is not JSON: " + ex.getOriginalMessage(), ex);
    }
    if (!(o instanceof ObjectNode)) {
      throw bad(c, lineNo, "is not a JSON object");
    }
    if (!o.path("v").canConvertToLong() || !o.path("v").isIntegralNumber() || o.get("v").asLong() < 1) {
      throw bad(c, lineNo, "needs \"v\" >= 1");
    }
    if (!o.path("type").isTextual() || o.get("type").asText().isEmpty()) {
      throw bad(c, lineNo, "needs a non-empty \"type\"");
    }
    if (!o.path("ts").isIntegralNumber() || o.get("ts").asLong() < 0) {
      throw bad(c, lineNo, "needs \"ts\" >= 0 (ms since the epoch)");
    }
    JsonNode result = o.get("result");
    if (result != null && !result.isNull() && !result.isObject()) {
      throw bad(c, lineNo, "has a \"result\" that is not an object");
    }
    JsonNode data = o.get("data");
    JsonNode error = o.get("error");
    return new Event(o.get("v").asLong(), o.get("type").asText(), o.get("ts").asLong(),
        data == null || data.isNull() ? null : data, result == null || result.isNull() ? null : (ObjectNode) result,
        error == null || error.isNull() ? null : error, null, null);
  }

  private static IllegalArgumentException bad(OpsContext c, int lineNo, String what) {
    return new IllegalArgumentException("EventSourcingDB '" + c.name() + "': importHistory line " + lineNo + " " + what);
  }
}
