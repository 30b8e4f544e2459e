package dev.sift.service.incidents;

import dev.sift.engine.TriageEngine;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Connects the engine's incident detector to the webhook and the live stream. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IncidentProperties.class)
class IncidentsConfiguration {

  @Bean(destroyMethod = "close")
  IncidentStream incidentStream(TriageEngine engine, IncidentProperties properties) {
    IncidentStream stream =
        new IncidentStream(
            properties.stream(),
            tenant -> engine.incidents().map(d -> d.incidents(tenant, false)).orElse(List.of()));
    engine.incidents().ifPresent(d -> d.onCandidate(stream::publish));
    return stream;
  }

  @Bean(destroyMethod = "close")
  IncidentWebhook incidentWebhook(
      TriageEngine engine, IncidentProperties properties, JsonMapper json) {
    IncidentWebhook webhook = new IncidentWebhook(properties.webhook(), json);
    if (properties.webhook().url() != null) {
      engine.incidents().ifPresent(d -> d.onCandidate(webhook::deliver));
    }
    return webhook;
  }
}
