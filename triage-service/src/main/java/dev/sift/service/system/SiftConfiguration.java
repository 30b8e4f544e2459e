package dev.sift.service.system;

import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageEngine;
import dev.sift.index.lucene.LuceneVectorIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/**
 * Builds the plain-Java libraries from {@link SiftProperties}. Used by the web application and, on its own, by
 * the command-line import, so both run the same embedder, index and engine. Every bean is closed on shutdown,
 * engine first and data directory lock last.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SiftProperties.class)
public class SiftConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SiftConfiguration.class);

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
    Embedder embedder = custom != null
        ? Embedder.fromFiles(custom.modelPath(), custom.tokenizerPath(), custom.pooling(), custom.maxTokens())
        : Embedder.bundled(BundledModel.byId(properties.embedding().model()));
    log.info("embedding model {} ({} dimensions) loaded in {} ms", embedder.modelId(), embedder.dimension(),
        (System.nanoTime() - start) / 1_000_000);
    return embedder;
  }

  @Bean(destroyMethod = "close")
  LuceneVectorIndex vectorIndex(DataDirectory dataDirectory, Embedder embedder) {
    return LuceneVectorIndex.builder(dataDirectory.indexDir(), embedder.dimension()).build();
  }

  @Bean
  TicketStore ticketStore(Embedder embedder, LuceneVectorIndex vectorIndex) {
    return new TicketStore(embedder, vectorIndex);
  }

  @Bean(destroyMethod = "close")
  TriageEngine triageEngine(TicketStore ticketStore, DataDirectory dataDirectory, SiftProperties properties) {
    return TriageEngine.builder(ticketStore, dataDirectory.modelDir())
        .settings(properties.triage().toEngineSettings())
        .build();
  }
}
