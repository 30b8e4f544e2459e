package dev.sift.evaluation.replay;

import dev.sift.engine.incident.IncidentSettings;
import dev.sift.evaluation.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code sift-eval replay} that shape the run: the detector settings to replay and
 * the synthetic bursts to inject. Checked before any export is read or model loaded, so a typo
 * fails at once.
 */
record ReplayOptions(List<IncidentSettings> variants, BurstInjector.Settings injection) {

  private static final List<String> OPTIONS =
      List.of(
          "data",
          "map",
          "date-format",
          "history",
          "history-until",
          "spread",
          "bursts",
          "burst-size",
          "burst-rate",
          "burst-seeds",
          "seed",
          "model",
          "out",
          "join-similarity",
          "max-tail-probability",
          "min-tickets",
          "min-distinct");

  /** Checks the option names and the combinations that exclude each other, then parses them. */
  static ReplayOptions parse(Map<String, String> o) {
    for (String key : o.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new BadInputException(
            "unknown option --" + key + "; replay knows --" + String.join(", --", OPTIONS));
      }
    }
    if (!o.containsKey("data")) {
      throw new BadInputException("--data is required");
    }
    if (o.containsKey("history") && o.containsKey("history-until")) {
      throw new BadInputException("give --history or --history-until, not both");
    }
    return new ReplayOptions(
        variants(o),
        new BurstInjector.Settings(
            Integer.parseInt(o.getOrDefault("bursts", "0")),
            Integer.parseInt(o.getOrDefault("burst-size", "6")),
            BurstInjector.meanGap(o.getOrDefault("burst-rate", "1/2min")),
            o.containsKey("burst-seeds")
                ? Arrays.asList(o.get("burst-seeds").split(","))
                : List.of(),
            Long.parseLong(o.getOrDefault("seed", "42"))));
  }

  /**
   * The detector settings to replay: the defaults, with each of {@code --join-similarity}, {@code
   * --max-tail- probability}, {@code --min-tickets} and {@code --min-distinct} overriding them;
   * comma-separated values give one variant per combination, the first being the values listed
   * first.
   */
  static List<IncidentSettings> variants(Map<String, String> o) {
    IncidentSettings d = IncidentSettings.DEFAULTS;
    List<IncidentSettings> out = new ArrayList<>();
    for (String join : values(o, "join-similarity", d.joinSimilarity())) {
      for (String tail : values(o, "max-tail-probability", d.maxTailProbability())) {
        for (String min : values(o, "min-tickets", d.minTickets())) {
          for (String distinct : values(o, "min-distinct", d.minDistinct())) {
            out.add(
                new IncidentSettings(
                    Double.parseDouble(join),
                    d.expiry(),
                    Integer.parseInt(min),
                    Integer.parseInt(distinct),
                    Double.parseDouble(tail),
                    d.minWindow(),
                    d.fallbackRatePerHour(),
                    d.rateSearchDepth()));
          }
        }
      }
    }
    return out;
  }

  private static List<String> values(Map<String, String> o, String key, Number fallback) {
    return o.containsKey(key)
        ? Arrays.stream(o.get(key).split(",")).map(String::strip).toList()
        : List.of(fallback.toString());
  }
}
