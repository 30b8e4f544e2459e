package dev.sift.engine;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds a tenant's resolution-time baselines, grouped by the most specific field its history has. */
final class EtaBaselines {

  /** Fields tried in turn as the ETA group: the first one most resolved tickets carry wins. */
  static final List<LabelField> GROUP_FIELDS = List.of(LabelField.CATEGORY, LabelField.PRIORITY,
      LabelField.ASSIGNMENT_GROUP);

  private EtaBaselines() {}

  static EtaBaseline of(List<Ticket> tickets) {
    List<Ticket> resolved = tickets.stream().filter(t -> t.resolutionTime().isPresent()).toList();
    LabelField group = GROUP_FIELDS.stream()
        .filter(f -> resolved.stream().filter(t -> t.label(f) != null).count() * 2 > resolved.size())
        .findFirst().orElse(null);
    Map<String, List<Double>> byGroup = new HashMap<>();
    List<Double> all = new ArrayList<>();
    for (Ticket t : resolved) {
      double minutes = Math.max(1.0, t.resolutionTime().orElseThrow().toSeconds() / 60.0);
      all.add(minutes);
      if (group != null && t.label(group) != null) {
        byGroup.computeIfAbsent(t.label(group), x -> new ArrayList<>()).add(minutes);
      }
    }
    Map<String, EtaBaseline.Quantiles> groups = new HashMap<>();
    byGroup.forEach((k, v) -> groups.put(k, quantiles(v)));
    return new EtaBaseline(group == null ? null : group.jsonName(), quantiles(all), groups);
  }

  static EtaBaseline.Quantiles quantiles(List<Double> minutes) {
    double[] sorted = minutes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return new EtaBaseline.Quantiles(0, 0, 0);
    }
    return new EtaBaseline.Quantiles(QuantileMath.of(sorted, 0.5), QuantileMath.of(sorted, 0.9), sorted.length);
  }
}
