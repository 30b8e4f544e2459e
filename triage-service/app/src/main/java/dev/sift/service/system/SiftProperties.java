package dev.sift.service.system;

import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Pooling;
import dev.sift.engine.EngineSettings;
import dev.sift.engine.Retrieval;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code sift.*}. Immutable and validated at start-up, so that a bad setting stops
 * the process with a message naming the property rather than failing at the first request.
 *
 * @param dataDir the instance's own directory: the Lucene index lives in {@code <data-dir>/index},
 *     tenant fits in {@code <data-dir>/models}, and the instance lock in {@code
 *     <data-dir>/sift.lock}. Instances that run side by side need different data directories.
 * @param embedding which embedding model turns tickets into vectors
 * @param index where ticket vectors are stored and searched
 * @param triage how triage retrieves and calibrates; unset values take the engine's defaults
 * @param limits request size limits
 * @param demo the built-in demo tenant
 * @param coldStart triage for tenants and fields with little history
 * @param llm the LLM behind cold-start triage; none by default, zero-shot answers then
 */
@ConfigurationProperties("sift")
@Validated
public record SiftProperties(
    @DefaultValue("./data") @NotNull Path dataDir,
    @DefaultValue @NotNull @Valid Embedding embedding,
    @DefaultValue @NotNull @Valid Index index,
    @DefaultValue @NotNull @Valid Triage triage,
    @DefaultValue @NotNull @Valid @NestedConfigurationProperty LimitsProperties limits,
    @DefaultValue @NotNull @Valid Demo demo,
    @DefaultValue @NotNull @Valid ColdStart coldStart,
    @DefaultValue @NotNull @Valid @NestedConfigurationProperty LlmProperties llm) {

  /**
   * A hung LLM may hold at most {@code llm.max-concurrent + llm.max-queued} triage workers; at
   * least one must stay free for tenants and requests that do not wait on it.
   */
  @AssertTrue(
      message =
          "llm.max-concurrent + llm.max-queued must be below limits.max-concurrent, so that a hung "
              + "LLM cannot hold every worker")
  public boolean isLlmBulkheadBelowWorkers() {
    return llm == null
        || limits == null
        || llm.provider() == null
        || llm.provider() == LlmProperties.Provider.NONE
        || llm.maxConcurrent() + llm.maxQueued() < limits.maxConcurrent();
  }

  /**
   * {@code sift.embedding.*}. A {@code custom} model, when given, takes precedence over the bundled
   * {@code model}.
   *
   * @param model id of a model bundled in the jar: {@code all-minilm-l6-v2-q} (default), {@code
   *     all-minilm-l6-v2} or {@code bge-small-en-v1.5-q}
   * @param custom an ONNX model and its tokenizer on disk, for example a multilingual one
   */
  public record Embedding(
      @DefaultValue("all-minilm-l6-v2-q") @NotBlank String model, @Valid Custom custom) {

    @AssertTrue(
        message = "must be one of all-minilm-l6-v2-q, all-minilm-l6-v2, bge-small-en-v1.5-q")
    public boolean isModelKnown() {
      return custom != null
          || model == null
          || Arrays.stream(BundledModel.values()).anyMatch(m -> m.id().equals(model));
    }

    public String describe() {
      return custom != null ? "custom:" + custom.modelPath() : model;
    }
  }

  /**
   * {@code sift.index.*}.
   *
   * @param backend {@code lucene} (default: embedded, one instance, state under the data dir) or
   *     {@code pgvector} (PostgreSQL from the standard {@code spring.datasource.*} properties,
   *     shared by several replicas)
   * @param purgeDelay Lucene and pgvector's mirror: how soon after a delete the deleted tickets'
   *     text is rewritten out of the tenant's segment files (deletes within the delay share one
   *     rewrite)
   * @param mirror pgvector only: each replica answers searches from its own copy of the tenants it
   *     serves, in {@code <data-dir>/pgvector-mirror}, kept in step through PostgreSQL's notices
   *     (PostgreSQL stays the store of record and answers until a copy is whole)
   */
  public record Index(
      @DefaultValue("lucene") @NotNull Backend backend,
      @DefaultValue("10m") @NotNull Duration purgeDelay,
      @DefaultValue("true") boolean mirror) {}

  /** The {@code VectorIndex} implementation behind the service. */
  public enum Backend {
    LUCENE,
    PGVECTOR
  }

  /**
   * {@code sift.embedding.custom.*}.
   *
   * @param modelPath the ONNX file; it must take {@code input_ids} and {@code attention_mask}
   * @param tokenizerPath the model's Hugging Face {@code tokenizer.json}
   * @param pooling {@code mean} for sentence-transformers models, {@code cls} for BGE models
   * @param maxTokens the model's token limit
   */
  public record Custom(
      @NotNull Path modelPath,
      @NotNull Path tokenizerPath,
      @DefaultValue("mean") @NotNull Pooling pooling,
      @DefaultValue("512") @Min(8) int maxTokens) {

    @AssertTrue(message = "model-path and tokenizer-path must be readable files")
    public boolean isReadable() {
      return modelPath == null
          || tokenizerPath == null
          || (Files.isReadable(modelPath) && Files.isReadable(tokenizerPath));
    }
  }

  /**
   * {@code sift.triage.*}, mapped onto {@link EngineSettings}. Unset values keep {@link
   * EngineSettings#DEFAULTS}.
   *
   * @param k neighbours that vote when a request gives no {@code k}
   * @param maxK the largest {@code k} a request may ask for
   * @param retrieval {@code vector}, {@code bm25} or {@code hybrid}
   * @param targetPrecision backtested precision a field must reach before it stops abstaining, in
   *     (0, 1]
   * @param precisionConfidence confidence level of the lower bound of the backtested precision that
   *     must reach the target, in [0.5, 0.999]; 0.95 by default, lower to answer sooner on a small
   *     history
   */
  public record Triage(
      @Min(1) Integer k,
      @Min(1) Integer maxK,
      Retrieval retrieval,
      @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double targetPrecision,
      @DecimalMin("0.5") @DecimalMax("0.999") Double precisionConfidence) {

    @AssertTrue(message = "k must not be larger than max-k")
    public boolean isKWithinMaxK() {
      EngineSettings d = EngineSettings.DEFAULTS;
      return (k == null ? d.k() : k) <= (maxK == null ? d.maxK() : maxK);
    }

    public EngineSettings toEngineSettings() {
      EngineSettings d = EngineSettings.DEFAULTS;
      return new EngineSettings(
              k == null ? d.k() : k,
              maxK == null ? d.maxK() : maxK,
              retrieval == null ? d.retrieval() : retrieval,
              d.voteTemperature(),
              d.hybridCandidates(),
              d.rrfK(),
              d.lexicalWeight(),
              targetPrecision == null ? d.targetPrecision() : targetPrecision,
              d.calibrationSample(),
              d.minCalibrationTickets(),
              d.etaMinResolved(),
              d.etaPriorWeight())
          .withPrecisionConfidence(
              precisionConfidence == null ? d.precisionConfidence() : precisionConfidence);
    }
  }

  /**
   * {@code sift.demo.*}.
   *
   * @param enabled load the demo tenant {@code demo} from the bundled CSV on start-up, when it does
   *     not exist yet
   * @param key a tenant key for {@code demo} only, published in the README; the demo is never open
   *     without a key
   */
  public record Demo(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("sift-demo-key") @NotBlank String key) {}

  /**
   * {@code sift.cold-start.*}.
   *
   * @param minHistory labelled tickets a field needs before neighbours may take it over from cold
   *     start (they also have to beat it in the backtest)
   */
  public record ColdStart(@DefaultValue("200") @Min(1) int minHistory) {

    public dev.sift.engine.coldstart.ColdStart.Settings toSettings(double targetPrecision) {
      dev.sift.engine.coldstart.ColdStart.Settings d =
          dev.sift.engine.coldstart.ColdStart.Settings.DEFAULTS;
      return new dev.sift.engine.coldstart.ColdStart.Settings(
          minHistory, targetPrecision, d.minCalibrationTickets(), d.backtestSample());
    }
  }
}
