package io.strato.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Starts the service on a random port with a state file in a temporary directory and calls it over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LedgerApplicationTest {
  @TempDir static Path dir;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void stateFile(DynamicPropertyRegistry registry) {
    registry.add("strato.file", () -> dir.resolve("ledger.db").toString());
  }

  private record Reply(int status, JsonNode body) {}

  private Reply call(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json").header("Accept", "application/json, application/problem+json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
    return new Reply(r.statusCode(), json);
  }

  private static void expect(int status, Reply r, String what) {
    assertEquals(status, r.status(), what + ": HTTP " + r.status() + " " + r.body());
  }

  @Test
  void aLedgerOverHttp() throws Exception {
    Reply ada = call("POST", "/api/accounts", "{\"id\":\"ada\",\"owner\":\"Ada\",\"initialDeposit\":500}");
    expect(201, ada, "open ada");
    assertEquals(500, ada.body().get("balance").asLong(), "the initial deposit was applied: " + ada.body());
    expect(201, call("POST", "/api/accounts", "{\"id\":\"bob\",\"owner\":\"Bob\"}"), "open bob");

    Reply t = call("POST", "/api/transfers", "{\"from\":\"ada\",\"to\":\"bob\",\"euros\":\"1.99\",\"memo\":\"lunch\"}");
    expect(201, t, "transfer");
    assertEquals("money/transferred", t.body().get("type").asText(), "the canonical type: " + t.body());
    assertEquals(199, t.body().path("data").path("cents").asLong(), "euros became cents: " + t.body());

    Reply a = call("GET", "/api/accounts/ada", null);
    expect(200, a, "read ada");
    assertEquals(301, a.body().get("balance").asLong(), "ada paid 1.99: " + a.body());
    expect(404, call("GET", "/api/accounts/nobody", null), "an unknown account");

    Reply overdraft = call("POST", "/api/transfers", "{\"from\":\"bob\",\"to\":\"ada\",\"cents\":100000}");
    expect(422, overdraft, "an overdraft");
    assertEquals("insufficient funds in bob", overdraft.body().get("reason").asText(), "the reason: " + overdraft.body());
    assertEquals("accounts", overdraft.body().get("model").asText());
    assertEquals(199, call("GET", "/api/accounts/bob", null).body().get("balance").asLong(), "nothing moved");

    expect(400, call("POST", "/api/transfers", "{\"from\":\"bob\",\"to\":\"ada\"}"), "no amount");

    Reply page1 = call("GET", "/api/history?limit=2", null);
    expect(200, page1, "history");
    assertEquals(2, page1.body().get("items").size(), page1.body().toString());
    assertEquals(4, page1.body().get("items").get(0).get("v").asLong(), "newest first: " + page1.body());
    String next = page1.body().get("next").asText();
    Reply page2 = call("GET", "/api/history?limit=2&cursor=" + java.net.URLEncoder.encode(next, "UTF-8"), null);
    assertEquals(2, page2.body().get("items").get(0).get("v").asLong(), "the second page goes on: " + page2.body());
    Reply transfers = call("GET", "/api/history?type=money/transferred", null);
    assertEquals(2, transfers.body().get("items").size(), "the processed and the rejected transfer: " + transfers.body());
  }

  @Test
  void healthAndMetricsAreExposed() throws Exception {
    Reply health = call("GET", "/actuator/health", null);
    expect(200, health, "health");
    JsonNode strato = health.body().path("components").path("strato");
    assertEquals("UP", strato.path("status").asText(), "strato health: " + health.body());
    assertTrue(strato.path("details").has("lag"), "lag in the details: " + strato);

    call("POST", "/api/accounts", "{\"id\":\"carol\",\"owner\":\"Carol\"}");
    Reply events = call("GET", "/actuator/metrics/strato.es.events", null);
    expect(200, events, "the events metric");
    assertFalse(events.body().path("measurements").isEmpty(), events.body().toString());
    assertTrue(events.body().path("measurements").get(0).path("value").asDouble() >= 1, events.body().toString());
  }
}
