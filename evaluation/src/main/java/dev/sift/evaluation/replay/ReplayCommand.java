package dev.sift.evaluation.replay;

import dev.sift.data.ProgressBar;
import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.embedding.TextPreparer;
import dev.sift.engine.Engine;
import dev.sift.engine.TicketStore;
import dev.sift.engine.incident.ClusterView;
import dev.sift.engine.incident.IncidentDetector;
import dev.sift.engine.incident.IncidentSettings;
import dev.sift.engine.incident.TicketArrival;
import dev.sift.evaluation.Directories;
import dev.sift.index.VectorIndex;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
    ReplayOptions options = ReplayOptions.parse(o);
    ReplayStream stream = ReplayStream.read(o, options.injection(), err);
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
      for (IncidentSettings settings : options.variants()) {
        runs.add(
            new ReplayReport.Run(
                settings, replay(detector(engine, index, settings), stream.replay(), vectors)));
      }
      ReplayReport report = new ReplayReport(o, stream, options.injection(), runs);
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
                .fit(tenant)
                .filter(m -> m.historyStart() != null && m.historyEnd() != null)
                .map(m -> new Instant[] {m.historyStart(), m.historyEnd()})
                .orElse(null));
  }

  private void importHistory(Engine engine, List<Ticket> history) {
    long start = System.nanoTime();
    ProgressBar progress = ProgressBar.steps(err, "indexing history", history.size());
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
}
