package dev.sift.engine;

import java.time.Instant;
import java.util.Map;

/**
 * Everything fitted from one tenant's history: calibration and thresholds per field, label counts, and ETA
 * baselines. Refitted at import and as history grows.
 *
 * @param fields per field json name; a field the history never has is absent
 */
public record TenantModel(String tenant, String embeddingModel, String retrieval, long tickets, Instant fittedAt,
    Map<String, FieldModel> fields, EtaBaseline eta) {

  public String version() {
    return embeddingModel + "/" + retrieval + "/" + fittedAt;
  }
}
