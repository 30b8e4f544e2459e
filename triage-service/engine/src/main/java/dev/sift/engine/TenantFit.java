package dev.sift.engine;

import java.time.Instant;
import java.util.Map;

/**
 * Everything fitted from one tenant's history: calibration and thresholds per field, label counts,
 * and the ETA estimator with its backtest. Refitted at import and as history grows.
 *
 * @param fields per field json name; a field the history never has is absent
 * @param historyStart the earliest {@code createdAt} in the history, or null where tickets carry no
 *     timestamps
 * @param historyEnd the latest {@code createdAt}, or null
 */
public record TenantFit(
    String tenant,
    String embeddingModel,
    String retrieval,
    long tickets,
    Instant fittedAt,
    Map<String, FieldFit> fields,
    EtaFit eta,
    Instant historyStart,
    Instant historyEnd) {

  public String version() {
    return embeddingModel + "/" + retrieval + "/" + fittedAt;
  }
}
