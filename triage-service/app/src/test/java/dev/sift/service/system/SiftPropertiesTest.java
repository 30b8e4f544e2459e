package dev.sift.service.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.engine.EngineSettings;
import dev.sift.engine.Retrieval;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class SiftPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SiftProperties.class)
  static class PropertiesOnly {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class);

  @Test
  void defaults_keep_the_engine_defaults_and_documented_limits() {
    runner.run(
        context -> {
          SiftProperties p = context.getBean(SiftProperties.class);
          assertThat(p.dataDir().normalize()).isEqualTo(Path.of("data"));
          assertThat(p.embedding().model()).isEqualTo("all-minilm-l6-v2-q");
          assertThat(p.embedding().custom()).isNull();
          assertThat(p.triage().toEngineSettings()).isEqualTo(EngineSettings.DEFAULTS);
          assertThat(p.limits().maxBodyBytes().toBytes()).isEqualTo(65_536);
          assertThat(p.limits().maxBatchBytes().toBytes()).isEqualTo(16 * 1024 * 1024);
          assertThat(p.limits().maxHistoryBytes().toBytes()).isEqualTo(256L * 1024 * 1024);
          assertThat(p.limits().maxBatchSize()).isEqualTo(1000);
          assertThat(p.limits().bodyTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
          assertThat(p.demo().enabled()).isFalse();
        });
  }

  @Test
  void triage_settings_map_onto_engine_settings() {
    runner
        .withPropertyValues(
            "sift.triage.k=7",
            "sift.triage.max-k=20",
            "sift.triage.retrieval=vector",
            "sift.triage.target-precision=0.8",
            "sift.triage.precision-confidence=0.8")
        .run(
            context -> {
              EngineSettings s = context.getBean(SiftProperties.class).triage().toEngineSettings();
              assertThat(s.k()).isEqualTo(7);
              assertThat(s.maxK()).isEqualTo(20);
              assertThat(s.retrieval()).isEqualTo(Retrieval.VECTOR);
              assertThat(s.targetPrecision()).isEqualTo(0.8);
              assertThat(s.precisionConfidence()).isEqualTo(0.8);
              assertThat(s.voteTemperature()).isEqualTo(EngineSettings.DEFAULTS.voteTemperature());
            });
  }

  @Test
  void custom_model_and_sizes_bind_from_their_usual_spellings() {
    runner
        .withPropertyValues(
            "sift.data-dir=/srv/sift-a",
            "sift.limits.max-body-bytes=1MB",
            "sift.limits.max-batch-size=10",
            "sift.embedding.model=bge-small-en-v1.5-q")
        .run(
            context -> {
              SiftProperties p = context.getBean(SiftProperties.class);
              assertThat(p.dataDir()).isEqualTo(Path.of("/srv/sift-a"));
              assertThat(p.limits().maxBodyBytes().toBytes()).isEqualTo(1024 * 1024);
              assertThat(p.limits().maxBatchSize()).isEqualTo(10);
              assertThat(p.embedding().describe()).isEqualTo("bge-small-en-v1.5-q");
            });
  }

  @Test
  void no_llm_by_default_and_an_llm_binds_from_sift_llm_keys() {
    runner.run(
        context -> {
          SiftProperties p = context.getBean(SiftProperties.class);
          assertThat(p.llm().toSettings()).isNull();
          assertThat(p.llm().timeout()).hasSeconds(10);
          assertThat(p.llm().redact()).isTrue();
          assertThat(p.coldStart().minHistory()).isEqualTo(200);
        });
    runner
        .withPropertyValues(
            "sift.llm.provider=ollama",
            "sift.llm.base-url=http://localhost:11434",
            "sift.llm.model=llama3.2",
            "sift.llm.timeout=3s")
        .run(
            context -> {
              var s = context.getBean(SiftProperties.class).llm().toSettings();
              assertThat(s.provider())
                  .isEqualTo(dev.sift.engine.coldstart.LlmSettings.Provider.OLLAMA);
              assertThat(s.timeout()).hasSeconds(3);
              assertThat(s.version()).isEqualTo("ollama/llama3.2");
            });
  }

  @Test
  void an_llm_provider_without_base_url_or_model_stops_start_up() {
    runner
        .withPropertyValues("sift.llm.provider=openai", "sift.llm.model=gpt-4o-mini")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("base-url"));
  }

  @Test
  void an_llm_bulkhead_as_large_as_the_worker_pool_stops_start_up() {
    String[] llm = {
      "sift.llm.provider=openai", "sift.llm.base-url=http://localhost:1/v1", "sift.llm.model=m"
    };
    runner
        .withPropertyValues(llm)
        .run(
            context -> {
              var s = context.getBean(SiftProperties.class).llm().toSettings();
              assertThat(s.maxConcurrent()).isEqualTo(2);
              assertThat(s.maxQueued()).isEqualTo(1);
            });
    runner
        .withPropertyValues(llm)
        .withPropertyValues("sift.llm.max-concurrent=3")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("llm.max-concurrent"));
    runner
        .withPropertyValues(llm)
        .withPropertyValues("sift.llm.max-queued=0", "sift.limits.max-concurrent=3")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void k_larger_than_max_k_stops_start_up() {
    runner
        .withPropertyValues("sift.triage.k=30", "sift.triage.max-k=20")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("max-k"));
  }

  @Test
  void unknown_bundled_model_stops_start_up() {
    runner
        .withPropertyValues("sift.embedding.model=gpt-17")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("all-minilm-l6-v2-q"));
  }

  @Test
  void out_of_range_values_stop_start_up() {
    runner
        .withPropertyValues("sift.triage.target-precision=1.5")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("sift.limits.max-batch-size=0")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues(
            "sift.embedding.custom.model-path=/nonexistent/model.onnx",
            "sift.embedding.custom.tokenizer-path=/nonexistent/tokenizer.json")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("readable"));
  }
}
