package dev.sift.service.incidents;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sift.incidents.*}: major-incident detection.
 *
 * @param enabled whether incoming tickets are clustered at all
 * @param joinSimilarity cosine to a cluster's centroid at which a ticket joins it
 * @param expiry a cluster closes this long after its last ticket
 * @param minTickets tickets a candidate needs
 * @param minDistinct distinct requesters or clients a candidate needs
 * @param maxTailProbability Poisson tail probability below which a cluster is a candidate
 * @param webhook where candidates are announced
 * @param stream the live Server-Sent Events stream
 */
@ConfigurationProperties("sift.incidents")
@Validated
public record IncidentProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("0.72") @DecimalMin("0.1") @DecimalMax("1.0") double joinSimilarity,
    @DefaultValue("60m") @NotNull Duration expiry,
    @DefaultValue("3") @Min(2) int minTickets,
    @DefaultValue("3") @Min(1) int minDistinct,
    @DefaultValue("0.00001") @DecimalMin("0.0") @DecimalMax("0.5") double maxTailProbability,
    @DefaultValue @NotNull @Valid Webhook webhook,
    @DefaultValue @NotNull @Valid Stream stream) {

  /**
   * {@code sift.incidents.stream.*}.
   *
   * @param maxPerTenant open streams a tenant may hold at once; more are {@code 429
   *     too-many-streams}
   * @param heartbeat how often an idle stream gets a comment line, which keeps proxies from closing
   *     it and finds clients that left, so that their sockets are closed
   * @param replay candidates per tenant whose ids are kept for clients reconnecting with {@code
   *     Last-Event-ID}; 0 keeps none
   */
  public record Stream(
      @DefaultValue("20") @Min(1) int maxPerTenant,
      @DefaultValue("15s") @NotNull Duration heartbeat,
      @DefaultValue("100") @Min(0) int replay) {}

  /**
   * {@code sift.incidents.webhook.*}. Each candidate is posted once, as JSON, signed with
   * HMAC-SHA256 of the body in the {@code X-Sift-Signature: sha256=<hex>} header, and retried with
   * exponential backoff on failure.
   *
   * @param url where to post; none when unset
   * @param secret the HMAC key; the signature header is omitted without one
   * @param maxAttempts attempts per candidate, the first included
   * @param initialBackoff wait before the first retry; doubled each time
   * @param timeout per attempt
   */
  public record Webhook(
      URI url,
      String secret,
      @DefaultValue("5") @Min(1) int maxAttempts,
      @DefaultValue("1s") @NotNull Duration initialBackoff,
      @DefaultValue("5s") @NotNull Duration timeout) {}

  public dev.sift.engine.incident.IncidentSettings toSettings() {
    var d = dev.sift.engine.incident.IncidentSettings.DEFAULTS;
    return new dev.sift.engine.incident.IncidentSettings(
        joinSimilarity,
        expiry,
        minTickets,
        minDistinct,
        maxTailProbability,
        d.minWindow(),
        d.fallbackRatePerHour(),
        d.rateSearchDepth());
  }
}
