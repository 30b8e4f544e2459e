package dev.sift.service.admin;

import dev.sift.engine.EtaFit;
import dev.sift.engine.FieldFit;
import java.util.Map;

/**
 * What a tenant holds and how its calibration did. Label counts and calibration come from the
 * tenant's fit, refitted at import and as history grows, so they can trail live upserts by a
 * little.
 *
 * @param fields per label field: how many distinct values and how often each occurs, most frequent
 *     first
 * @param calibration per label field: the confidence below which it abstains (above 1 means always)
 *     and its backtest on held-out history
 * @param eta the ETA estimator the tenant's history chose and each estimator's backtest; null
 *     before the first fit
 * @param modelVersion embedding model, retrieval and fit time of the tenant fit; null before the
 *     first fit
 */
record TenantStats(
    String tenant,
    long tickets,
    long indexSizeBytes,
    Map<String, FieldStats> fields,
    Map<String, Calibration> calibration,
    EtaStats eta,
    String modelVersion) {

  record FieldStats(int distinctValues, Map<String, Long> labels) {}

  /**
   * @param priorTilt how far the field's shares lean towards its commonest values, chosen by the
   *     backtest: 0 for none, up to 2 where the text says little about the field
   */
  record Calibration(double threshold, double priorTilt, FieldFit.BacktestSummary backtest) {}

  /**
   * How the tenant's ETA is estimated. Not named {@code Eta}: the OpenAPI description names schemas
   * by simple class name, and the triage response's {@code Eta} had stood for this one in it.
   *
   * @param method the estimator that answers: {@code neighbours}, {@code group}, {@code median} or
   *     {@code blend}
   * @param samples resolved held-out tickets behind the backtest; 0 when the history is too small
   *     for one
   * @param backtest per estimator: log error, p90 margin, coverage and width, out of fold
   * @param blendWeight the neighbours' share of the {@code blend} with the median, on ln(1 +
   *     hours); 0 unless the blend answers
   */
  record EtaStats(
      String method, int samples, Map<String, EtaFit.Backtest> backtest, double blendWeight) {}
}
