package dev.sift.service.connectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The connectors configured under {@code sift.connectors.*}, with their write-back queues. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectorProperties.class)
class ConnectorsConfiguration {

  @Bean(destroyMethod = "close")
  Connectors connectors(ConnectorProperties properties, MeterRegistry registry) {
    return new Connectors(properties, registry);
  }
}
