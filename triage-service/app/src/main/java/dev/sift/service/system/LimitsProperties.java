package dev.sift.service.system;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code sift.limits.*}. Sizes take a unit ({@code 64KB}, {@code 16MB}); a plain number is bytes.
 *
 * @param maxBodyBytes largest triage request body (413 above it)
 * @param maxBatchBytes largest ticket upsert body (413 above it)
 * @param maxHistoryBytes largest history upload (413 above it); also sets Spring's multipart limits
 * @param maxBatchSize most tickets in one upsert request (413 above it)
 * @param ratePerKey requests per second each API key may send, sustained (429 with Retry-After
 *     above it)
 * @param rateBurst requests a key may send at once before the rate applies
 * @param requestTimeout longest a triage or upsert request may take, queueing included (503
 *     request-timeout)
 * @param maxConcurrent triage and upsert requests worked on at once; about two per core keeps the
 *     cores busy
 * @param maxQueued requests that may wait for a worker; beyond it the service sheds load with 503
 *     overloaded
 * @param bodyTimeout longest a JSON request body may take to arrive, from the start of the request
 *     (408 body-timeout), so that a client trickling its body cannot hold a request thread for long
 * @param tenantShare the fraction of the workers and queue slots together ({@code max-concurrent +
 *     max-queued}) that one tenant may hold, in (0, 1]; beyond it that tenant's requests get 503
 *     overloaded while others are still served. At least one slot
 */
public record LimitsProperties(
    @DefaultValue("64KB") @NotNull DataSize maxBodyBytes,
    @DefaultValue("16MB") @NotNull DataSize maxBatchBytes,
    @DefaultValue("256MB") @NotNull DataSize maxHistoryBytes,
    @DefaultValue("1000") @Min(1) int maxBatchSize,
    @DefaultValue("50") @DecimalMin(value = "0", inclusive = false) double ratePerKey,
    @DefaultValue("100") @Min(1) int rateBurst,
    @DefaultValue("30s") @NotNull Duration requestTimeout,
    @DefaultValue("4") @Min(1) int maxConcurrent,
    @DefaultValue("64") @Min(0) int maxQueued,
    @DefaultValue("60s") @NotNull Duration bodyTimeout,
    @DefaultValue("0.5") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
        double tenantShare) {

  /** Workers and queue slots one tenant may hold: its share of them, at least one. */
  public int maxPerTenant() {
    return Math.max(1, (int) Math.floor(tenantShare * (maxConcurrent + maxQueued)));
  }

  @AssertTrue(message = "size limits must be positive")
  public boolean isPositive() {
    return maxBodyBytes == null
        || maxBatchBytes == null
        || maxHistoryBytes == null
        || (maxBodyBytes.toBytes() > 0
            && maxBatchBytes.toBytes() > 0
            && maxHistoryBytes.toBytes() > 0);
  }
}
