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
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code sift.*}. Immutable and validated at start-up, so that a bad setting stops
 * the process with a message naming the property rather than failing at the first request.
 *
 * @param dataDir the instance's own directory: the Lucene index lives in {@code <data-dir>/index},
 *     fitted tenant models in {@code <data-dir>/models}, and the instance lock in {@code
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
    @DefaultValue @NotNull @Valid Limits limits,
    @DefaultValue @NotNull @Valid Demo demo,
    @DefaultValue @NotNull @Valid ColdStart coldStart,
    @DefaultValue @NotNull @Valid Llm llm) {

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
        || llm.provider() == LlmProvider.NONE
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
   * @param purgeDelay Lucene only: how soon after a delete the deleted tickets' text is rewritten
   *     out of the tenant's segment files (deletes within the delay share one rewrite)
   */
  public record Index(
      @DefaultValue("lucene") @NotNull Backend backend,
      @DefaultValue("10m") @NotNull Duration purgeDelay) {}

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
   * {@code sift.limits.*}. Sizes take a unit ({@code 64KB}, {@code 16MB}); a plain number is bytes.
   *
   * @param maxBodyBytes largest triage request body (413 above it)
   * @param maxBatchBytes largest ticket upsert body (413 above it)
   * @param maxHistoryBytes largest history upload (413 above it); also sets Spring's multipart
   *     limits
   * @param maxBatchSize most tickets in one upsert request (413 above it)
   * @param ratePerKey requests per second each API key may send, sustained (429 with Retry-After
   *     above it)
   * @param rateBurst requests a key may send at once before the rate applies
   * @param requestTimeout longest a triage or upsert request may take, queueing included (503
   *     request-timeout)
   * @param maxConcurrent triage and upsert requests worked on at once; about two per core keeps the
   *     cores busy
   * @param maxQueued requests that may wait for a worker; beyond it the service sheds load with 503
   *     overloaded
   * @param bodyTimeout longest a JSON request body may take to arrive, from the start of the
   *     request (408 body-timeout), so that a client trickling its body cannot hold a request
   *     thread for long
   * @param tenantShare the fraction of the workers and queue slots together ({@code max-concurrent
   *     + max-queued}) that one tenant may hold, in (0, 1]; beyond it that tenant's requests get
   *     503 overloaded while others are still served. At least one slot
   */
  public record Limits(
      @DefaultValue("64KB") @NotNull DataSize maxBodyBytes,
      @DefaultValue("16MB") @NotNull DataSize maxBatchBytes,
      @DefaultValue("256MB") @NotNull DataSize maxHistoryBytes,
      @DefaultValue("1000") @Min(1) int maxBatchSize,
      @DefaultValue("50") @DecimalMin(value = "0", inclusive = false) double ratePerKey,
      @DefaultValue("100") @Min(1) int rateBurst,
      @DefaultValue("30s") @NotNull Duration requestTimeout,
      @DefaultValue("4") @Min(1) int maxConcurrent,
      @DefaultValue("64") @Min(0) int maxQueued,
      @DefaultValue("60s") @NotNull Duration bodyTimeout,
      @DefaultValue("0.5") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
          double tenantShare) {

    /** Workers and queue slots one tenant may hold: its share of them, at least one. */
    public int maxPerTenant() {
      return Math.max(1, (int) Math.floor(tenantShare * (maxConcurrent + maxQueued)));
    }

    @AssertTrue(message = "size limits must be positive")
    public boolean isPositive() {
      return maxBodyBytes == null
          || maxBatchBytes == null
          || maxHistoryBytes == null
          || (maxBodyBytes.toBytes() > 0
              && maxBatchBytes.toBytes() > 0
              && maxHistoryBytes.toBytes() > 0);
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

  /** {@code sift.llm.provider}. */
  public enum LlmProvider {
    NONE,
    OPENAI,
    OLLAMA
  }

  /**
   * {@code sift.llm.*}.
   *
   * @param provider {@code none} (default: zero-shot), {@code openai} (any OpenAI-compatible
   *     endpoint: OpenAI, Azure OpenAI, vLLM, LM Studio, Ollama's /v1) or {@code ollama} (Ollama's
   *     native API)
   * @param baseUrl e.g. {@code https://api.openai.com/v1}, {@code http://localhost:11434/v1} or,
   *     for the native API, {@code http://localhost:11434}
   * @param model the provider's model name, e.g. {@code gpt-4o-mini} or {@code llama3.2}
   * @param apiKey the key, if the endpoint needs one
   * @param timeout the longest a triage waits for the LLM, counted from the request's arrival (time
   *     queued for a worker, waiting for a call slot, the call and its retry all included);
   *     zero-shot answers when it runs out
   * @param redact replace e-mail addresses, phone numbers, IP addresses, IBANs and card numbers
   *     with placeholders before any text is sent
   * @param maxConcurrent LLM calls in flight at once, over all tenants; must be below {@code
   *     sift.limits.max-concurrent} together with {@code max-queued}, so a hung LLM leaves workers
   *     free
   * @param maxQueued triages that may wait for a free LLM call slot; beyond it the LLM is skipped
   *     and zero-shot answers at once ({@code degraded: llm-busy})
   */
  public record Llm(
      @DefaultValue("none") @NotNull LlmProvider provider,
      String baseUrl,
      String model,
      String apiKey,
      @DefaultValue("10s") @NotNull java.time.Duration timeout,
      @DefaultValue("true") boolean redact,
      @DefaultValue("2") @Min(1) int maxConcurrent,
      @DefaultValue("1") @Min(0) int maxQueued) {

    @AssertTrue(message = "an LLM provider needs base-url and model")
    public boolean isComplete() {
      return provider == null
          || provider == LlmProvider.NONE
          || (baseUrl != null && !baseUrl.isBlank() && model != null && !model.isBlank());
    }

    @AssertTrue(message = "timeout must be positive")
    public boolean isTimeoutPositive() {
      return timeout == null || (!timeout.isNegative() && !timeout.isZero());
    }

    /** Null when no provider is configured. */
    public dev.sift.engine.coldstart.LlmSettings toSettings() {
      if (provider == LlmProvider.NONE) {
        return null;
      }
      return new dev.sift.engine.coldstart.LlmSettings(
          dev.sift.engine.coldstart.LlmSettings.Provider.valueOf(provider.name()),
          baseUrl,
          model,
          apiKey,
          timeout,
          redact,
          maxConcurrent,
          maxQueued);
    }
  }
}
