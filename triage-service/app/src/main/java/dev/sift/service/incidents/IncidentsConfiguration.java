package dev.sift.service.incidents;

import dev.sift.engine.MajorIncidents;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Connects the engine's incident detector to the webhook and the live stream. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IncidentProperties.class)
class IncidentsConfiguration {

  @Bean(destroyMethod = "close")
  IncidentStream incidentStream(MajorIncidents incidents, IncidentProperties properties) {
    IncidentStream stream =
        new IncidentStream(properties.stream(), tenant -> incidents.list(tenant, false));
    incidents.onCandidate(stream::publish);
    return stream;
  }

  @Bean(destroyMethod = "close")
  IncidentWebhook incidentWebhook(
      MajorIncidents incidents, IncidentProperties properties, JsonMapper json) {
    IncidentWebhook webhook = new IncidentWebhook(properties.webhook(), json);
    if (properties.webhook().url() != null) {
      incidents.onCandidate(webhook::deliver);
    }
    return webhook;
  }
}
