package dev.sift.engine.coldstart;

import dev.sift.data.Ticket;
import dev.sift.engine.AnswerMethod;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds cold start's answer for a tenant whose cold fit is ready: zero-shot for every field it
 * knows (it is cheap and is the fallback), then the LLM, when one is configured, for the fields it
 * is asked about, until the deadline. A failed or skipped LLM call leaves the zero-shot
 * suggestions, degraded with the reason. Which fields cold start answers is {@link ColdStart}'s
 * choice.
 */
final class ColdAnswers {

  private final TicketStore store;
  private final LlmClient llm;
  private final LiveFigures live;

  /**
   * @param llm null for zero-shot only
   */
  ColdAnswers(TicketStore store, LlmClient llm, LiveFigures live) {
    this.store = store;
    this.llm = llm;
    this.live = live;
  }

  /** See {@link ColdStart#suggest}. */
  ColdStart.Answer answer(
      String tenant,
      ColdFits.TenantColdFit cold,
      List<String> fields,
      String text,
      float[] vector,
      List<Ticket> examples,
      Instant deadline) {
    String zeroShotVersion = AnswerMethod.ZERO_SHOT.wire() + "/" + store.modelId();
    Map<String, TriageResult.Suggestion> out = new LinkedHashMap<>();
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, List<ZeroShotClassifier.Scored>> rankings = new LinkedHashMap<>();
    for (String f : fields) {
      ColdFits.FieldColdFit fc = cold.fields().get(f);
      if (fc != null) {
        List<ZeroShotClassifier.Scored> ranked = ZeroShotClassifier.rank(fc.prototypes(), vector);
        rankings.put(f, ranked);
        if (!ranked.isEmpty()) {
          scores.put(f, ranked.getFirst().probability());
        }
        out.put(f, ColdSuggestions.zeroShot(fc.calibration(), ranked));
      }
    }
    List<String> llmFields = rankings.keySet().stream().filter(LlmPrompt.FIELDS::contains).toList();
    if (llm == null || llmFields.isEmpty()) {
      return new ColdStart.Answer(out, zeroShotVersion, null, null, scores);
    }
    LlmPrompt.Answer answer;
    try {
      String reply =
          llm.complete(
              LlmPrompt.messages(
                  cold.taxonomy(),
                  llmFields,
                  text,
                  ColdSuggestions.promptExamples(examples),
                  llm.settings().redact()),
              LlmPrompt.responseFormat(cold.taxonomy(), llmFields),
              deadline);
      answer = LlmPrompt.parse(reply, cold.taxonomy(), llmFields);
    } catch (LlmBusyException e) {
      return new ColdStart.Answer(out, zeroShotVersion, ColdStart.LLM_BUSY, null, scores);
    } catch (LlmUnavailableException e) {
      return new ColdStart.Answer(out, zeroShotVersion, ColdStart.LLM_UNAVAILABLE, null, scores);
    } catch (LlmInvalidOutputException e) {
      return new ColdStart.Answer(out, zeroShotVersion, ColdStart.LLM_INVALID_OUTPUT, null, scores);
    }
    for (String f : llmFields) {
      String label = answer.labels().get(f);
      if (label == null) {
        scores.remove(f);
      } else {
        scores.put(f, ColdStart.LLM_SCORE);
      }
      out.put(f, ColdSuggestions.llm(label, rankings.get(f), live.llmCalibration(tenant, f)));
    }
    String version =
        fields.size() == llmFields.size()
            ? AnswerMethod.LLM.wire() + "/" + llm.settings().version()
            : AnswerMethod.LLM.wire() + "/" + llm.settings().version() + "+" + zeroShotVersion;
    return new ColdStart.Answer(out, version, null, answer.reason(), scores);
  }
}
