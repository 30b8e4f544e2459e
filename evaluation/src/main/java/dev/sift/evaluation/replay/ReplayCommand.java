package dev.sift.evaluation.replay;

import dev.sift.data.ColumnMapping;
import dev.sift.data.ReadResult;
import dev.sift.data.Ticket;
import dev.sift.data.TicketReader;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.embedding.TextPreparer;
import dev.sift.engine.Engine;
import dev.sift.engine.TicketStore;
import dev.sift.engine.incident.ClusterView;
import dev.sift.engine.incident.IncidentDetector;
import dev.sift.engine.incident.IncidentSettings;
import dev.sift.engine.incident.TicketArrival;
import dev.sift.evaluation.BadInputException;
import dev.sift.evaluation.Directories;
import dev.sift.evaluation.Exports;
import dev.sift.evaluation.Progress;
import dev.sift.index.VectorIndex;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code sift-eval replay}: how the major-incident detector would have done on a ticket stream. The
 * oldest part of the export is imported as the tenant's history (so the detector learns the usual
 * rate of each topic, exactly as the service does after an import); the rest is fed to the real
 * {@link IncidentDetector} one ticket at a time, oldest first, ticket time driving the window.
 * Synthetic bursts can be injected; bursts can also be labelled in the data.
 *
 * <pre>
 * sift-eval replay --data F --map 'subject=...,requester=...,createdAt=...,burst=COLUMN' [--date-format P]
 *   [--history 0.5 | --history-until 2026-03-01T00:00:00Z] [--spread 2026-01-05:8:42]
 *   [--bursts 20 --burst-size 6 --burst-rate 1/2min --burst-seeds ID,... --seed 42]
 *   [--join-similarity 0.72 --max-tail-probability 0.001 --min-tickets 3 --min-distinct 3]
 *   [--model all-minilm-l6-v2-q] [--out replay-report/]
 * </pre>
 */
public final class ReplayCommand {

  static final String TENANT = "replay";
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

  /** The pseudo-field of {@code --map} naming the column that labels a ticket's burst. */
  static final String BURST_FIELD = "burst";

  private static final int IMPORT_BATCH = 256;
  private static final int EMBED_BATCH = 512;

  private final PrintStream out;
  private final PrintStream err;

  public ReplayCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Runs the replay, prints the summary line, writes replay.json and replay.md, and returns
   * replay.json's text.
   */
  public String run(Map<String, String> o) throws IOException {
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
    List<IncidentSettings> variants = variants(o);
    BurstInjector.Settings injection =
        new BurstInjector.Settings(
            Integer.parseInt(o.getOrDefault("bursts", "0")),
            Integer.parseInt(o.getOrDefault("burst-size", "6")),
            BurstInjector.meanGap(o.getOrDefault("burst-rate", "1/2min")),
            o.containsKey("burst-seeds")
                ? Arrays.asList(o.get("burst-seeds").split(","))
                : List.of(),
            Long.parseLong(o.getOrDefault("seed", "42")));

    Stream stream = stream(o, injection);
    BundledModel model = BundledModel.byId(o.getOrDefault("model", "all-minilm-l6-v2-q"));
    Path tmp = Files.createTempDirectory("sift-replay");
    try (Embedder embedder = Embedder.bundled(model);
        LuceneVectorIndex index =
            LuceneVectorIndex.builder(tmp.resolve("index"), embedder.dimension()).build();
        Engine engine =
            Engine.builder(
                    new TicketStore(embedder, index),
                    Files.createDirectories(tmp.resolve("models")))
                .build()) {
      importHistory(engine, stream.history());
      List<float[]> vectors = embed(embedder, stream.replay());
      List<ReplayReport.Run> runs = new ArrayList<>();
      for (IncidentSettings settings : variants) {
        runs.add(
            new ReplayReport.Run(
                settings, replay(detector(engine, index, settings), stream.replay(), vectors)));
      }
      ReplayReport report = new ReplayReport(o, stream, injection, runs);
      report.summary().forEach(out::println);
      Path dir = Path.of(o.getOrDefault("out", "replay-report"));
      report.write(dir);
      err.println("wrote " + dir.resolve("replay.json") + " and replay.md");
      return report.json();
    } finally {
      Directories.deleteRecursively(tmp);
    }
  }

  /**
   * A detector over the engine's index (the one its ticket store was built on), its usual rates
   * spanning the history the engine's model was fitted on: wired exactly as {@link
   * dev.sift.engine.EngineBuilder} wires the engine's own, one per settings variant so that a sweep
   * replays the same stream through fresh windows.
   */
  static IncidentDetector detector(Engine engine, VectorIndex index, IncidentSettings settings) {
    return new IncidentDetector(
        index,
        settings,
        tenant ->
            engine
                .tenants()
                .model(tenant)
                .filter(m -> m.historyStart() != null && m.historyEnd() != null)
                .map(m -> new Instant[] {m.historyStart(), m.historyEnd()})
                .orElse(null));
  }

  /** The history to import and the stream to replay, oldest first, injected bursts included. */
  record Stream(
      String path, int rows, List<Ticket> history, List<StreamTicket> replay, int injected) {}

  Stream stream(Map<String, String> o, BurstInjector.Settings injection) throws IOException {
    Map<String, String> readOptions = new HashMap<>(o);
    String burstColumn = splitBurstColumn(o, readOptions);
    ReadResult data = Exports.readChecked(readOptions, err);
    List<Ticket> tickets = data.tickets();
    if (o.containsKey("spread")) {
      tickets = ArrivalTimes.spread(tickets, o.get("spread"));
    }
    List<Ticket> dated =
        tickets.stream()
            .filter(t -> t.createdAt() != null)
            .sorted(Comparator.comparing(Ticket::createdAt))
            .toList();
    if (dated.size() < 2) {
      throw new BadInputException(
          "a replay needs tickets with createdAt: map createdAt, or give"
              + " --spread START:WEEKS:SEED for an export without timestamps");
    }
    if (dated.size() < tickets.size()) {
      err.println(
          "warning: "
              + (tickets.size() - dated.size())
              + " tickets without createdAt are left out");
    }
    int cut = historyCut(o, dated);
    List<Ticket> history = dated.subList(0, cut);
    List<Ticket> replayed = dated.subList(cut, dated.size());
    if (replayed.isEmpty()) {
      throw new BadInputException("nothing left to replay after the history split");
    }
    Map<String, String> labels =
        burstColumn == null ? Map.of() : burstLabels(readOptions, burstColumn);
    List<StreamTicket> replay = new ArrayList<>();
    for (Ticket t : replayed) {
      replay.add(new StreamTicket(t, labels.get(t.id())));
    }
    List<StreamTicket> injected = BurstInjector.inject(replayed, dated, injection);
    replay.addAll(injected);
    // Stable: at the same instant a real ticket comes before an injected one.
    replay.sort(Comparator.comparing(StreamTicket::at));
    return new Stream(
        o.get("data"), (int) data.report().rowsRead(), history, replay, injected.size());
  }

  private static int historyCut(Map<String, String> o, List<Ticket> dated) {
    if (o.containsKey("history-until")) {
      Instant until = Instant.parse(o.get("history-until"));
      int cut = 0;
      while (cut < dated.size() && dated.get(cut).createdAt().isBefore(until)) {
        cut++;
      }
      return cut;
    }
    double fraction = Double.parseDouble(o.getOrDefault("history", "0.5"));
    if (fraction < 0 || fraction >= 1) {
      throw new BadInputException(
          "--history is the share of tickets used as history, in [0, 1)," + " was " + fraction);
    }
    return (int) Math.round(dated.size() * fraction);
  }

  /**
   * Takes {@code burst=COLUMN} out of {@code --map}, which the ticket reader would reject; returns
   * COLUMN.
   */
  static String splitBurstColumn(Map<String, String> o, Map<String, String> readOptions) {
    if (!o.containsKey("map")) {
      return null;
    }
    String column = null;
    List<String> kept = new ArrayList<>();
    // Entries are split as ColumnMapping does, keeping a "\," escape inside a header.
    for (String entry : o.get("map").split("(?<!\\\\),")) {
      int eq = entry.indexOf('=');
      if (eq > 0 && entry.substring(0, eq).strip().equals(BURST_FIELD)) {
        column = entry.substring(eq + 1).strip();
      } else {
        kept.add(entry);
      }
    }
    readOptions.put("map", String.join(",", kept));
    return column;
  }

  /**
   * Ticket id to burst label, read in a second pass with the burst column mapped as the subject
   * (rows with an empty burst column are skipped by the reader, which is what we want). Ids match
   * the first pass: the id column when mapped, the record number otherwise.
   */
  private static Map<String, String> burstLabels(Map<String, String> readOptions, String column) {
    Map<String, String> mapping = new LinkedHashMap<>();
    String id = ColumnMapping.parse(readOptions.get("map")).asMap().get("id");
    if (id != null) {
      mapping.put("id", id);
    }
    mapping.put("subject", column);
    Map<String, String> labels = new HashMap<>();
    TicketReader.builder()
        .mapping(ColumnMapping.of(mapping))
        .build()
        .read(Path.of(readOptions.get("data")), t -> labels.put(t.id(), t.subject().strip()));
    return labels;
  }

  private void importHistory(Engine engine, List<Ticket> history) {
    long start = System.nanoTime();
    Progress progress = new Progress(err, "indexing history", history.size());
    for (int i = 0; i < history.size(); i += IMPORT_BATCH) {
      List<Ticket> batch = history.subList(i, Math.min(history.size(), i + IMPORT_BATCH));
      engine.history().store(TENANT, batch);
      batch.forEach(t -> progress.step());
    }
    progress.finish();
    // As the service's import: the refit records the history's time range, which the detector's
    // usual rates use.
    if (!history.isEmpty()) {
      engine.history().refit(TENANT);
    }
    err.printf(
        java.util.Locale.ROOT,
        "history: %d tickets indexed in %.1f s%n",
        history.size(),
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * The vectors of the replayed tickets' prepared texts, as the service computes them at triage.
   */
  private List<float[]> embed(Embedder embedder, List<StreamTicket> replay) {
    long start = System.nanoTime();
    List<float[]> vectors = new ArrayList<>(replay.size());
    for (int i = 0; i < replay.size(); i += EMBED_BATCH) {
      vectors.addAll(
          embedder.embedAll(
              replay.subList(i, Math.min(replay.size(), i + EMBED_BATCH)).stream()
                  .map(s -> TextPreparer.prepare(s.ticket().subject(), s.ticket().body()))
                  .toList()));
    }
    err.printf(
        java.util.Locale.ROOT,
        "replay: %d tickets embedded in %.1f s%n",
        replay.size(),
        (System.nanoTime() - start) / 1e9);
    return vectors;
  }

  /**
   * Each replayed ticket goes to the detector as the triage endpoint sends it: its id, subject,
   * requester, client and creation time, with the vector of its prepared text. The replayed tickets
   * are not added to the index, so the usual rates stay those of the imported history, as between
   * two refits in the service; that also keeps a replay deterministic. Closes the detector.
   */
  static ReplayScore.Result replay(
      IncidentDetector detector, List<StreamTicket> replay, List<float[]> vectors) {
    try (detector) {
      Map<String, String> reasons = new ConcurrentHashMap<>();
      detector.onCandidate((tenant, incident) -> reasons.put(incident.id(), incident.reason()));
      List<ReplayScore.Observation> observations = new ArrayList<>(replay.size());
      for (int i = 0; i < replay.size(); i++) {
        Ticket t = replay.get(i).ticket();
        ClusterView view =
            detector.observe(
                TENANT,
                new TicketArrival(t.id(), t.subject(), t.requester(), t.client(), t.createdAt()),
                vectors.get(i));
        observations.add(
            new ReplayScore.Observation(
                t.id(),
                t.createdAt(),
                replay.get(i).burst(),
                view.id(),
                view.majorIncidentCandidate()));
      }
      return ReplayScore.score(observations, reasons);
    }
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
