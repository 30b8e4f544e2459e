package dev.sift.service.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.Accuracy;
import dev.sift.engine.Engine;
import dev.sift.engine.EngineBuilder;
import dev.sift.engine.EngineSettings;
import dev.sift.engine.History;
import dev.sift.engine.MajorIncidents;
import dev.sift.engine.Taxonomies;
import dev.sift.engine.Tenants;
import dev.sift.engine.TicketStore;
import dev.sift.engine.Tickets;
import dev.sift.engine.TriageEngine;
import dev.sift.engine.coldstart.LlmClient;
import dev.sift.engine.state.PgStateStore;
import dev.sift.engine.state.StateStore;
import dev.sift.index.VectorIndex;
import dev.sift.index.lucene.LuceneVectorIndex;
import dev.sift.index.pgvector.PgVectorIndex;
import dev.sift.index.pgvector.PgVectorIndexBuilder;
import dev.sift.service.incidents.IncidentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;

/**
 * Builds the plain-Java libraries from {@link SiftProperties}. Used by the web application and, on
 * its own, by the command-line import, so both run the same embedder, index and engine. Every bean
 * is closed on shutdown, engine first and data directory lock last.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SiftProperties.class)
public class SiftConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SiftConfiguration.class);

  /**
   * HikariCP's own default; each request holds a connection only for one statement or transaction.
   */
  private static final int DEFAULT_POOL_SIZE = 10;

  /** Under the data dir: the pgvector replica's own copy of the tenants it searches. */
  private static final String MIRROR_DIRECTORY = "pgvector-mirror";

  @Bean(destroyMethod = "close")
  DataDirectory dataDirectory(SiftProperties properties) {
    DataDirectory dir = DataDirectory.lock(properties.dataDir());
    log.info("data directory {}", dir.root());
    return dir;
  }

  @Bean(destroyMethod = "close")
  @DependsOn("dataDirectory") // lock the data directory before spending seconds on the model
  Embedder embedder(SiftProperties properties) {
    long start = System.nanoTime();
    SiftProperties.Custom custom = properties.embedding().custom();
    Embedder embedder =
        custom != null
            ? Embedder.fromFiles(
                custom.modelPath(), custom.tokenizerPath(), custom.pooling(), custom.maxTokens())
            : Embedder.bundled(BundledModel.byId(properties.embedding().model()));
    log.info(
        "embedding model {} ({} dimensions) loaded in {} ms",
        embedder.modelId(),
        embedder.dimension(),
        (System.nanoTime() - start) / 1_000_000);
    return embedder;
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "sift.index.backend", havingValue = "lucene", matchIfMissing = true)
  VectorIndex luceneVectorIndex(
      DataDirectory dataDirectory, Embedder embedder, SiftProperties properties) {
    return LuceneVectorIndex.builder(dataDirectory.indexDir(), embedder.dimension())
        .purgeDelay(properties.index().purgeDelay())
        .build();
  }

  /**
   * The pgvector backend's connection pool, from Spring's standard {@code spring.datasource.*}
   * properties. Built here rather than by Spring Boot's DataSource auto-configuration (which is not
   * on the classpath), so that the Lucene backend never opens a pool or needs a database.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "sift.index.backend", havingValue = "pgvector")
  HikariDataSource siftDataSource(Environment environment) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("sift");
    config.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
    config.setUsername(environment.getProperty("spring.datasource.username"));
    config.setPassword(environment.getProperty("spring.datasource.password"));
    config.setMaximumPoolSize(
        environment.getProperty(
            "spring.datasource.hikari.maximum-pool-size", Integer.class, DEFAULT_POOL_SIZE));
    HikariDataSource dataSource = new HikariDataSource(config);
    // The query string may carry a password.
    log.info("pgvector backend at {}", config.getJdbcUrl().replaceFirst("\\?.*", ""));
    return dataSource;
  }

  /** Closed before the data source it uses: Spring destroys dependants first. */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "sift.index.backend", havingValue = "pgvector")
  VectorIndex pgVectorIndex(
      HikariDataSource siftDataSource,
      Embedder embedder,
      DataDirectory dataDirectory,
      SiftProperties properties) {
    PgVectorIndexBuilder builder = PgVectorIndex.builder(siftDataSource, embedder.dimension());
    if (properties.index().mirror()) {
      builder.mirror(
          dataDirectory.root().resolve(MIRROR_DIRECTORY), properties.index().purgeDelay());
    }
    return builder.build();
  }

  /**
   * The engine's state shared by replicas on pgvector: its tables are migrated once, here, and
   * every user (the engine, the rebuild jobs) opens its kinds of state on this one factory.
   */
  @Bean
  @ConditionalOnProperty(name = "sift.index.backend", havingValue = "pgvector")
  StateStore.Factory sharedStateStores(HikariDataSource siftDataSource) {
    return PgStateStore.open(siftDataSource);
  }

  /**
   * Tenants embedded with an earlier bundled model keep it, loaded on demand, until they are
   * re-embedded ({@code POST /v1/admin/reembed}); an earlier custom model cannot be found again, so
   * its tenants must be.
   */
  @Bean(destroyMethod = "close")
  TicketStore ticketStore(
      Embedder embedder,
      VectorIndex vectorIndex,
      ObjectProvider<StateStore.Factory> sharedStateStores) {
    StateStore.Factory shared = sharedStateStores.getIfAvailable();
    // On pgvector a write or an erasure through one replica must reach a rebuild on another.
    return shared == null
        ? new TicketStore(embedder, vectorIndex, SiftConfiguration::loadEarlierModel)
        : new TicketStore(embedder, vectorIndex, SiftConfiguration::loadEarlierModel, shared);
  }

  private static Embedder loadEarlierModel(String modelId) {
    for (BundledModel model : BundledModel.values()) {
      if (model.id().equals(modelId)) {
        log.info("loading embedding model {} for tenants not yet re-embedded", modelId);
        return Embedder.bundled(model);
      }
    }
    return null;
  }

  /**
   * The engine, closed on shutdown; controllers take one of its fronts below rather than the whole
   * engine.
   */
  @Bean(destroyMethod = "close")
  Engine engine(
      TicketStore ticketStore,
      DataDirectory dataDirectory,
      SiftProperties properties,
      ObjectProvider<IncidentProperties> incidents,
      ObjectProvider<StateStore.Factory> sharedStateStores) {
    // The command-line import has no incident settings: importing history must not raise incidents.
    IncidentProperties incidentProperties = incidents.getIfAvailable();
    dev.sift.engine.coldstart.LlmSettings llm = properties.llm().toSettings();
    if (llm != null) {
      log.info(
          "cold-start LLM {} at {} (timeout {}, redaction {})",
          llm.version(),
          llm.baseUrl(),
          llm.timeout(),
          llm.redact() ? "on" : "off");
    }
    EngineSettings engineSettings = properties.triage().toEngineSettings();
    EngineBuilder builder =
        Engine.builder(ticketStore, dataDirectory.fitDir())
            .settings(engineSettings)
            .coldStart(
                dataDirectory.root().resolve("cold-start"),
                properties.coldStart().toSettings(engineSettings.targetPrecision()),
                llm == null ? null : LlmClient.create(llm, java.time.Clock.systemUTC()))
            .incidents(
                incidentProperties != null && incidentProperties.enabled()
                    ? incidentProperties.toSettings()
                    : null)
            .incidentStateDir(dataDirectory.root().resolve("incidents"));
    // On pgvector, replicas share tenant fits and incident state through the database, in the
    // engine's own tables (see sharedStateStores).
    StateStore.Factory shared = sharedStateStores.getIfAvailable();
    if (shared != null) {
      builder.sharedState(shared);
    }
    return builder.build();
  }

  // The engine's fronts, one per use case. The engine closes what they share, so none has a destroy
  // method of its own.

  @Bean
  TriageEngine triageEngine(Engine engine) {
    return engine.triage();
  }

  @Bean
  Tickets tickets(Engine engine) {
    return engine.tickets();
  }

  @Bean
  History history(Engine engine) {
    return engine.history();
  }

  @Bean
  Tenants tenants(Engine engine) {
    return engine.tenants();
  }

  @Bean
  Taxonomies taxonomies(Engine engine) {
    return engine.taxonomies();
  }

  @Bean
  Accuracy accuracy(Engine engine) {
    return engine.accuracy();
  }

  @Bean
  MajorIncidents majorIncidents(Engine engine) {
    return engine.majorIncidents();
  }
}
