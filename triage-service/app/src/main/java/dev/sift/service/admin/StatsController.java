package dev.sift.service.admin;

import dev.sift.engine.FieldFit;
import dev.sift.engine.TenantFit;
import dev.sift.engine.Tenants;
import dev.sift.engine.UnknownTenantException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's size, labels, calibration and ETA backtest. */
@RestController
@Tag(name = "Admin")
class StatsController {

  private final Tenants tenants;

  StatsController(Tenants tenants) {
    this.tenants = tenants;
  }

  @Operation(operationId = "stats", summary = "Tenant statistics")
  @Problems(ProblemType.UNKNOWN_TENANT)
  @GetMapping(path = "/v1/tenants/{tenant}/stats", produces = MediaType.APPLICATION_JSON_VALUE)
  TenantStats stats(@PathVariable String tenant) {
    if (!tenants.exists(tenant)) { // history, or a taxonomy alone
      throw new UnknownTenantException(tenant);
    }
    Map<String, TenantStats.FieldStats> fields = new LinkedHashMap<>();
    Map<String, TenantStats.Calibration> calibration = new LinkedHashMap<>();
    TenantFit fit = tenants.fit(tenant).orElse(null);
    if (fit != null) {
      fit.fields()
          .forEach(
              (name, field) -> {
                fields.put(
                    name, new TenantStats.FieldStats(field.labelCounts().size(), byCount(field)));
                calibration.put(
                    name,
                    new TenantStats.Calibration(
                        field.threshold(), field.priorTilt(), field.backtest()));
              });
    }
    return new TenantStats(
        tenant,
        tenants.ticketCount(tenant),
        tenants.sizeInBytes(tenant),
        fields,
        calibration,
        fit == null || fit.eta() == null
            ? null
            : new TenantStats.EtaStats(
                fit.eta().method(),
                fit.eta().samples(),
                fit.eta().backtest(),
                fit.eta().blendWeight()),
        fit == null ? null : fit.version());
  }

  private static Map<String, Long> byCount(FieldFit field) {
    Map<String, Long> labels = new LinkedHashMap<>();
    field.labelCounts().entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> labels.put(e.getKey(), e.getValue()));
    return labels;
  }
}
