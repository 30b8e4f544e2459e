package dev.sift.service.connectors;

import dev.sift.engine.TriageResult;

/**
 * The answer to a webhook.
 *
 * @param status {@code write-back-queued}, {@code write-back-dropped} (the connector's queue was
 *     full), {@code triaged} (the connector does not write back), {@code ignored} (an event other
 *     than a new ticket), or {@code duplicate} (a delivery id handled before: nothing is done
 *     again)
 * @param ticket the platform's id of the ticket
 * @param stored whether the ticket was stored in the tenant as a live arrival
 */
record WebhookAnswer(
    String connector,
    String tenant,
    String ticket,
    String status,
    boolean stored,
    TriageResult triage) {}
