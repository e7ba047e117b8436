package io.strato.examples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.EventSourcingDB;
import io.strato.examples.ledger.Accounts;
import io.strato.examples.ledger.Ledger;
import io.strato.jsonmodel.Page;
import io.strato.jsonmodel.SearchOptions;
import io.strato.queue.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger over HTTP. Writes dispatch events and answer once they are processed; reads are
 * plain model reads. strato's Jackson 2 trees are returned as they are (the starter's Jackson 3
 * module writes them).
 */
@RestController
@RequestMapping("/api")
public class LedgerController {
  private final EventSourcingDB es;

  /**
   * Creates the controller.
   *
   * @param es the auto-configured event-sourcing DB
   */
  public LedgerController(EventSourcingDB es) {
    this.es = es;
  }

  @SuppressWarnings("unchecked")
  private ESModel<ObjectNode> accounts() {
    return es.model(Accounts.NAME, ESModel.class);
  }

  /**
   * Opens an account ({@code account/opened}).
   *
   * @param req the account
   * @return 201 with the account as stored
   */
  @PostMapping("/accounts")
  public ResponseEntity<JsonNode> open(@RequestBody LedgerRequests.OpenAccount req) {
    if (req.id() == null || req.id().isBlank() || req.owner() == null) {
      throw new IllegalArgumentException("an account needs an id and an owner");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", req.id());
    data.put("owner", req.owner());
    if (req.initialDeposit() != null) {
      data.put("initialDeposit", req.initialDeposit());
    }
    es.dispatch(Ledger.OPENED, data);
    return ResponseEntity.status(HttpStatus.CREATED).body(accounts().get(req.id()).orElseThrow());
  }

  /**
   * Reads an account.
   *
   * @param id the account id
   * @return 200 with the account, or 404
   */
  @GetMapping("/accounts/{id}")
  public ResponseEntity<JsonNode> account(@PathVariable("id") String id) {
    return accounts().get(id).<ResponseEntity<JsonNode>>map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.notFound().build());
  }

  /**
   * Transfers money: {@code transfer} (euros, turned into cents by the preprocessor) or
   * {@code money/transferred} (cents). A refused transfer answers 422 (see {@link LedgerErrors}).
   *
   * @param req the transfer
   * @return 201 with the processed event's version, type, data and result
   */
  @PostMapping("/transfers")
  public ResponseEntity<Map<String, Object>> transfer(@RequestBody LedgerRequests.Transfer req) {
    if (req.from() == null || req.to() == null || (req.euros() == null) == (req.cents() == null)) {
      throw new IllegalArgumentException("a transfer needs from, to, and either euros or cents");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", req.from());
    data.put("to", req.to());
    if (req.euros() != null) {
      data.put("euros", req.euros());
    } else {
      data.put("cents", req.cents());
    }
    data.put("memo", req.memo() == null ? "" : req.memo());
    Event e = es.dispatch(req.euros() != null ? "transfer" : Ledger.TRANSFERRED, data);
    return ResponseEntity.status(HttpStatus.CREATED).body(describe(e));
  }

  /**
   * Pages the event history, newest first.
   *
   * @param type only events of this type (optional)
   * @param limit page size (1 to 100, default 20)
   * @param cursor the {@code next} cursor of the previous page (optional)
   * @return {@code {items: [...], next: cursor or null}}
   */
  @GetMapping("/history")
  public Map<String, Object> history(@RequestParam(name = "type", required = false) String type,
      @RequestParam(name = "limit", defaultValue = "20") int limit, @RequestParam(name = "cursor", required = false) String cursor) {
    SearchOptions o = SearchOptions.options().sort("v", -1).limit(Math.max(1, Math.min(100, limit))).noTotal();
    if (cursor != null && !cursor.isBlank()) {
      o.cursor(cursor);
    }
    Page<Event> page = es.queue().search(type == null ? Map.of() : Map.of("type", type), o);
    List<Map<String, Object>> items = page.items().stream().map(LedgerController::describe).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("next", page.cursor());
    return body;
  }

  private static Map<String, Object> describe(Event e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", e.v());
    m.put("type", e.type());
    m.put("ts", e.ts());
    m.put("data", e.data());
    m.put("result", e.result());
    return m;
  }
}
