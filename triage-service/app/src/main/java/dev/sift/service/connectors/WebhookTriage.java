package dev.sift.service.connectors;

import dev.sift.engine.TicketSource;
import dev.sift.engine.Tickets;
import dev.sift.engine.TriageEngine;
import dev.sift.engine.TriageResult;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What a connector does with an authenticated ticket: skips a delivery handled before, triages,
 * stores the ticket when the connector says so, and queues the write-back.
 */
final class WebhookTriage {

  private static final Logger log = LoggerFactory.getLogger(WebhookTriage.class);

  private final Connectors connectors;
  private final TriageEngine engine;
  private final Tickets tickets;
  private final Deliveries deliveries = new Deliveries();

  WebhookTriage(Connectors connectors, TriageEngine engine, Tickets tickets) {
    this.connectors = connectors;
    this.engine = engine;
    this.tickets = tickets;
  }

  /**
   * Runs {@code work} unless the platform sent this delivery before; a delivery whose handling
   * failed can be sent again. Without a delivery id every request is handled.
   */
  Callable<ResponseEntity<WebhookAnswer>> once(
      String platform,
      String name,
      String tenant,
      String delivery,
      InboundTicket ticket,
      Callable<ResponseEntity<WebhookAnswer>> work) {
    String connector = platform + "/" + name;
    return () -> {
      if (delivery == null || delivery.isBlank()) {
        return work.call();
      }
      if (!deliveries.claim(connector, delivery)) {
        log.info(
            "connector {}: delivery {} for ticket {} was handled before; skipped",
            connector,
            delivery,
            ticket.platformId());
        return ResponseEntity.ok(
            new WebhookAnswer(connector, tenant, ticket.platformId(), "duplicate", false, null));
      }
      try {
        return work.call();
      } catch (Exception e) {
        deliveries.release(connector, delivery);
        throw e;
      }
    };
  }

  /**
   * Triages (on the bounded worker pool, as this runs in the controller's returned Callable),
   * stores, queues the write-back.
   */
  ResponseEntity<WebhookAnswer> handle(
      String platform,
      String name,
      String tenant,
      InboundTicket ticket,
      boolean store,
      Function<TriageResult, WriteBackPlan> writeBack) {
    if (store && ticket.siftId() == null) {
      throw new ProblemException(
          ProblemType.INVALID_TICKET,
          "The connector stores tickets, and this payload has no ticket id.");
    }
    TriageResult result = engine.triage(tenant, ticket.toRequest());
    if (store) {
      tickets.upsert(tenant, List.of(ticket.toTicket()), TicketSource.LIVE);
    }
    String connector = platform + "/" + name;
    if (writeBack == null) {
      log.info(
          "connector {}: ticket {} triaged for tenant {}", connector, ticket.platformId(), tenant);
      return ResponseEntity.ok(
          new WebhookAnswer(connector, tenant, ticket.platformId(), "triaged", store, result));
    }
    boolean queued =
        connectors.queue(platform, name).submit(ticket.platformId(), writeBack.apply(result));
    log.info(
        "connector {}: ticket {} triaged for tenant {}; write-back {}",
        connector,
        ticket.platformId(),
        tenant,
        queued ? "queued" : "dropped");
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(
            new WebhookAnswer(
                connector,
                tenant,
                ticket.platformId(),
                queued ? "write-back-queued" : "write-back-dropped",
                store,
                result));
  }
}
