package dev.sift.evaluation.backtest;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.engine.Engine;
import dev.sift.engine.EngineSettings;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageRequest;
import dev.sift.engine.TriageResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One of Sift's own methods: the triage engine with given settings, over the shared ticket store.
 */
final class EnginePredictor implements Predictor {

  private final String name;
  private final String tenant;
  private final Engine engine;
  private final ConcurrentLinkedQueue<Long> triageNanos;

  /**
   * @param triageNanos collects the time of each triage call, for the report's timing section
   */
  EnginePredictor(
      String name,
      TicketStore store,
      Path fitDir,
      EngineSettings settings,
      String tenant,
      ConcurrentLinkedQueue<Long> triageNanos) {
    this.name = name;
    this.tenant = tenant;
    this.engine = Engine.builder(store, fitDir).settings(settings).build();
    this.triageNanos = triageNanos;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean supports(String field) {
    return true;
  }

  @Override
  public void refit() {
    engine.history().refit(tenant);
  }

  @Override
  public Answer predict(Ticket t, float[] vector) {
    long start = System.nanoTime();
    // No id: a test ticket that shares an id with a history ticket must not hide that ticket from
    // retrieval.
    TriageResult r =
        engine
            .triage()
            .triageEmbedded(
                tenant,
                new TriageRequest(
                    null, t.subject(), t.body(), t.requester(), t.client(), t.createdAt()),
                engine.triage().settings().k(),
                vector);
    triageNanos.add(System.nanoTime() - start);
    Map<LabelField, Guess> labels = new EnumMap<>(LabelField.class);
    for (LabelField f : LabelField.values()) {
      TriageResult.Suggestion s = r.suggestions().get(f.jsonName());
      if (s != null) {
        List<String> ranked = new ArrayList<>();
        if (s.value() != null) {
          ranked.add(s.value());
        }
        // When abstaining, the would-be value leads the alternatives.
        s.alternatives().forEach(a -> ranked.add(a.value()));
        labels.put(
            f,
            new Guess(
                ranked.isEmpty() ? null : ranked.getFirst(),
                s.confidence(),
                s.abstained(),
                ranked));
      }
    }
    EtaGuess eta =
        r.eta() == null ? null : new EtaGuess(r.eta().p50Minutes(), r.eta().p90Minutes());
    return new Answer(labels, eta);
  }

  @Override
  public void close() {
    engine.close();
  }
}
