package dev.sift.evaluation;

import dev.sift.engine.incident.IncidentSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The replay's summary line, replay.json (a contract for scripts) and replay.md. */
final class ReplayReport {

  private final Map<String, String> options;
  private final ReplayCommand.Stream stream;
  private final IncidentSettings settings;
  private final BurstInjector.Settings injection;
  private final ReplayScore.Result result;

  ReplayReport(Map<String, String> options, ReplayCommand.Stream stream, IncidentSettings settings,
      BurstInjector.Settings injection, ReplayScore.Result result) {
    this.options = options;
    this.stream = stream;
    this.settings = settings;
    this.injection = injection;
    this.result = result;
  }

  String summary() {
    ReplayScore.Result r = result;
    long detected = r.bursts().stream().filter(ReplayScore.BurstOutcome::detected).count();
    return String.format(Locale.ROOT, "replay: %d bursts, %d detected (rate %.2f), mean delay %.1f tickets /"
            + " %.1f min; %d candidates, %d false alarms in %.1f weeks (%.2f per week)", r.bursts().size(), detected,
        r.detectionRate(), r.meanDelayTickets(), r.meanDelayMinutes(), r.candidates().size(), r.falseAlarms(),
        r.weeks(), r.falseAlarmsPerWeek());
  }

  String json() {
    return Json.write(tree());
  }

  private Map<String, Object> tree() {
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("path", stream.path());
    dataset.put("rows", stream.rows());
    dataset.put("history", stream.history().size());
    dataset.put("replayed", stream.replay().size());
    dataset.put("injected", stream.injected());
    dataset.put("historyFrom", stream.history().isEmpty() ? null : stream.history().getFirst().createdAt());
    dataset.put("replayFrom", stream.replay().getFirst().at());
    dataset.put("replayTo", stream.replay().getLast().at());
    dataset.put("weeks", result.weeks());
    dataset.put("options", new LinkedHashMap<>(options));

    Map<String, Object> detector = new LinkedHashMap<>();
    detector.put("joinSimilarity", settings.joinSimilarity());
    detector.put("expiryMinutes", settings.expiry().toMinutes());
    detector.put("minTickets", settings.minTickets());
    detector.put("minDistinct", settings.minDistinct());
    detector.put("maxTailProbability", settings.maxTailProbability());
    detector.put("minWindowMinutes", settings.minWindow().toMinutes());

    Map<String, Object> inject = new LinkedHashMap<>();
    inject.put("bursts", injection.bursts());
    inject.put("size", injection.size());
    inject.put("meanGapSeconds", injection.meanGap().toSeconds());
    inject.put("seed", injection.seed());

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("bursts", result.bursts().size());
    results.put("detected", (int) result.bursts().stream().filter(ReplayScore.BurstOutcome::detected).count());
    results.put("detectionRate", result.detectionRate());
    results.put("meanDelayTickets", result.meanDelayTickets());
    results.put("meanDelayMinutes", result.meanDelayMinutes());
    results.put("candidates", result.candidates().size());
    results.put("falseAlarms", result.falseAlarms());
    results.put("falseAlarmsPerWeek", result.falseAlarmsPerWeek());

    List<Object> bursts = new ArrayList<>();
    for (ReplayScore.BurstOutcome b : result.bursts()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("burst", b.burst());
      m.put("size", b.size());
      m.put("firstAt", b.firstAt());
      m.put("detected", b.detected());
      m.put("delayTickets", b.detected() ? b.delayTickets() : null);
      m.put("delayMinutes", b.delayMinutes());
      m.put("incident", b.clusterId());
      bursts.add(m);
    }
    List<Object> candidates = new ArrayList<>();
    for (ReplayScore.Candidate c : result.candidates()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("incident", c.clusterId());
      m.put("raisedAt", c.raisedAt());
      m.put("raisedBy", c.raisedBy());
      m.put("size", c.size());
      m.put("bursts", c.bursts());
      m.put("falseAlarm", c.falseAlarm());
      m.put("reason", c.reason());
      candidates.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dataset", dataset);
    root.put("detector", detector);
    root.put("injection", inject);
    root.put("results", results);
    root.put("bursts", bursts);
    root.put("candidates", candidates);
    return root;
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("replay.json"), json() + "\n");
    Files.writeString(dir.resolve("replay.md"), markdown());
  }

  String markdown() {
    StringBuilder s = new StringBuilder("# Major-incident replay\n\n");
    s.append(String.format(Locale.ROOT, "`%s`: %d history tickets, %d replayed (%d injected), %s to %s (%.1f"
            + " weeks).%n%n", stream.path(), stream.history().size(), stream.replay().size(), stream.injected(),
        stream.replay().getFirst().at(), stream.replay().getLast().at(), result.weeks()));
    s.append(String.format(Locale.ROOT, "Detector: join similarity %.2f, expiry %d min, at least %d tickets from %d"
            + " reporters, tail probability below %.2g.%n%n", settings.joinSimilarity(), settings.expiry().toMinutes(),
        settings.minTickets(), settings.minDistinct(), settings.maxTailProbability()));
    s.append("| bursts | detected | detection rate | mean delay (tickets) | mean delay (min) | candidates |"
        + " false alarms | per week |\n|---|---|---|---|---|---|---|---|\n");
    s.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.1f | %.1f | %d | %d | %.2f |%n%n",
        result.bursts().size(), result.bursts().stream().filter(ReplayScore.BurstOutcome::detected).count(),
        result.detectionRate(), result.meanDelayTickets(), result.meanDelayMinutes(), result.candidates().size(),
        result.falseAlarms(), result.falseAlarmsPerWeek()));
    s.append("## Bursts\n\n| burst | size | first ticket | detected | delay (tickets) | delay (min) |\n"
        + "|---|---|---|---|---|---|\n");
    for (ReplayScore.BurstOutcome b : result.bursts()) {
      s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", b.burst(), b.size(), b.firstAt(),
          b.detected() ? "yes" : "no", b.detected() ? Integer.toString(b.delayTickets()) : "–",
          b.detected() ? String.format(Locale.ROOT, "%.1f", b.delayMinutes()) : "–"));
    }
    s.append("\n## Candidates\n\n| raised at | size | bursts | reason |\n|---|---|---|---|\n");
    for (ReplayScore.Candidate c : result.candidates()) {
      s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", c.raisedAt(), c.size(),
          c.falseAlarm() ? "**false alarm**" : String.join(", ", c.bursts()),
          c.reason() == null ? "" : c.reason().replace("|", "\\|").replace("\n", " ")));
    }
    return s.toString();
  }
}
