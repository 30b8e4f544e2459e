package dev.sift.evaluation.replay;

import dev.sift.engine.incident.IncidentSettings;
import dev.sift.evaluation.report.Json;
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
  private final ReplayStream stream;
  private final BurstInjector.Settings injection;
  private final List<Run> runs;

  /** The first run, which the report details; the others are listed as a sweep. */
  private final IncidentSettings settings;

  private final ReplayScore.Result result;

  /** One detector configuration and how it did on the stream. */
  record Run(IncidentSettings settings, ReplayScore.Result result) {}

  ReplayReport(
      Map<String, String> options,
      ReplayStream stream,
      BurstInjector.Settings injection,
      List<Run> runs) {
    this.options = options;
    this.stream = stream;
    this.injection = injection;
    this.runs = List.copyOf(runs);
    this.settings = runs.getFirst().settings();
    this.result = runs.getFirst().result();
  }

  /** One line per run; with a single run, the one-line summary. */
  List<String> summary() {
    return runs.stream()
        .map(run -> (runs.size() > 1 ? label(run.settings()) + " " : "") + line(run.result()))
        .toList();
  }

  private static String line(ReplayScore.Result r) {
    long detected = r.bursts().stream().filter(ReplayScore.BurstOutcome::detected).count();
    return String.format(
        Locale.ROOT,
        "replay: %d bursts, %d detected (rate %.2f), mean delay %.1f tickets /"
            + " %.1f min; %d candidates, %d false alarms in %.1f weeks (%.2f per week)",
        r.bursts().size(),
        detected,
        r.detectionRate(),
        r.meanDelayTickets(),
        r.meanDelayMinutes(),
        r.candidates().size(),
        r.falseAlarms(),
        r.weeks(),
        r.falseAlarmsPerWeek());
  }

  private static String label(IncidentSettings s) {
    return String.format(
        Locale.ROOT,
        "[join %.2f, p < %.0e, min %d tickets, %d distinct]",
        s.joinSimilarity(),
        s.maxTailProbability(),
        s.minTickets(),
        s.minDistinct());
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
    dataset.put(
        "historyFrom", stream.history().isEmpty() ? null : stream.history().getFirst().createdAt());
    dataset.put("replayFrom", stream.replay().getFirst().at());
    dataset.put("replayTo", stream.replay().getLast().at());
    dataset.put("weeks", result.weeks());
    dataset.put("options", new LinkedHashMap<>(options));

    Map<String, Object> detector = detector(settings);

    Map<String, Object> inject = new LinkedHashMap<>();
    inject.put("bursts", injection.bursts());
    inject.put("size", injection.size());
    inject.put("meanGapSeconds", injection.meanGap().toSeconds());
    inject.put("seed", injection.seed());

    Map<String, Object> results = results(result);

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
    if (runs.size() > 1) {
      List<Object> sweep = new ArrayList<>();
      for (Run run : runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detector", detector(run.settings()));
        m.put("results", results(run.result()));
        sweep.add(m);
      }
      root.put("sweep", sweep);
    }
    return root;
  }

  private static Map<String, Object> detector(IncidentSettings s) {
    Map<String, Object> detector = new LinkedHashMap<>();
    detector.put("joinSimilarity", s.joinSimilarity());
    detector.put("expiryMinutes", s.expiry().toMinutes());
    detector.put("minTickets", s.minTickets());
    detector.put("minDistinct", s.minDistinct());
    detector.put("maxTailProbability", s.maxTailProbability());
    detector.put("minWindowMinutes", s.minWindow().toMinutes());
    return detector;
  }

  private static Map<String, Object> results(ReplayScore.Result r) {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("bursts", r.bursts().size());
    results.put(
        "detected", (int) r.bursts().stream().filter(ReplayScore.BurstOutcome::detected).count());
    results.put("detectionRate", r.detectionRate());
    results.put("meanDelayTickets", r.meanDelayTickets());
    results.put("meanDelayMinutes", r.meanDelayMinutes());
    results.put("candidates", r.candidates().size());
    results.put("falseAlarms", r.falseAlarms());
    results.put("falseAlarmsPerWeek", r.falseAlarmsPerWeek());
    return results;
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("replay.json"), json() + "\n");
    Files.writeString(dir.resolve("replay.md"), markdown());
  }

  /** The subject of a burst's first ticket, so a reader sees what it was about. */
  private String firstSubject(String burst) {
    return stream.replay().stream()
        .filter(t -> burst.equals(t.burst()))
        .findFirst()
        .map(
            t ->
                t.ticket().subject() == null
                    ? ""
                    : t.ticket().subject().replace("|", "\\|").replace("\n", " "))
        .orElse("");
  }

  String markdown() {
    StringBuilder s = new StringBuilder("# Major-incident replay\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "`%s`: %d history tickets, %d replayed (%d injected), %s to %s (%.1f weeks).%n%n",
            stream.path(),
            stream.history().size(),
            stream.replay().size(),
            stream.injected(),
            stream.replay().getFirst().at(),
            stream.replay().getLast().at(),
            result.weeks()));
    s.append(
        String.format(
            Locale.ROOT,
            "Detector: join similarity %.2f, expiry %d min, at least %d tickets from %d"
                + " reporters, tail probability below %.2g.%n%n",
            settings.joinSimilarity(),
            settings.expiry().toMinutes(),
            settings.minTickets(),
            settings.minDistinct(),
            settings.maxTailProbability()));
    s.append(
        "| bursts | detected | detection rate | mean delay (tickets) | mean delay (min) | candidates |"
            + " false alarms | per week |\n|---|---|---|---|---|---|---|---|\n");
    s.append(
        String.format(
            Locale.ROOT,
            "| %d | %d | %.2f | %.1f | %.1f | %d | %d | %.2f |%n%n",
            result.bursts().size(),
            result.bursts().stream().filter(ReplayScore.BurstOutcome::detected).count(),
            result.detectionRate(),
            result.meanDelayTickets(),
            result.meanDelayMinutes(),
            result.candidates().size(),
            result.falseAlarms(),
            result.falseAlarmsPerWeek()));
    if (runs.size() > 1) {
      s.append(
          "## Sweep\n\n| join | max p | min tickets | min distinct | detection rate | mean delay (tickets) |"
              + " mean delay (min) | candidates | false alarms | per week |\n|---|---|---|---|---|---|---|---|---|---|\n");
      for (Run run : runs) {
        IncidentSettings v = run.settings();
        ReplayScore.Result r = run.result();
        s.append(
            String.format(
                Locale.ROOT,
                "| %.2f | %.0e | %d | %d | %.2f | %.1f | %.1f | %d | %d | %.2f |%n",
                v.joinSimilarity(),
                v.maxTailProbability(),
                v.minTickets(),
                v.minDistinct(),
                r.detectionRate(),
                r.meanDelayTickets(),
                r.meanDelayMinutes(),
                r.candidates().size(),
                r.falseAlarms(),
                r.falseAlarmsPerWeek()));
      }
      s.append("\nThe sections below detail the first row.\n\n");
    }
    s.append(
        "## Bursts\n\n| burst | size | first ticket | detected | delay (tickets) | delay (min) | subject |\n"
            + "|---|---|---|---|---|---|---|\n");
    for (ReplayScore.BurstOutcome b : result.bursts()) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %s | %s |%n",
              b.burst(),
              b.size(),
              b.firstAt(),
              b.detected() ? "yes" : "no",
              b.detected() ? Integer.toString(b.delayTickets()) : "–",
              b.detected() ? String.format(Locale.ROOT, "%.1f", b.delayMinutes()) : "–",
              firstSubject(b.burst())));
    }
    s.append("\n## Candidates\n\n| raised at | size | bursts | reason |\n|---|---|---|---|\n");
    for (ReplayScore.Candidate c : result.candidates()) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s |%n",
              c.raisedAt(),
              c.size(),
              c.falseAlarm() ? "**false alarm**" : String.join(", ", c.bursts()),
              c.reason() == null ? "" : c.reason().replace("|", "\\|").replace("\n", " ")));
    }
    return s.toString();
  }
}
