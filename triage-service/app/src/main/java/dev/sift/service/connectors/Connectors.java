package dev.sift.service.connectors;

import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configured connectors, and a write-back queue for each Zammad and Jira connector that writes
 * back.
 */
final class Connectors implements AutoCloseable {

  static final String ZAMMAD = "zammad";
  static final String JIRA = "jira";
  static final String GENERIC = "generic";

  private final ConnectorProperties properties;
  private final HttpClient http;
  private final Map<String, WriteBackQueue> queues = new LinkedHashMap<>();

  Connectors(ConnectorProperties properties, MeterRegistry registry) {
    this.properties = properties;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(properties.writeBack().timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    properties
        .zammad()
        .forEach(
            (name, config) -> {
              if (config.writeBack()) {
                queues.put(
                    ZAMMAD + "/" + name,
                    new WriteBackQueue(
                        ZAMMAD + "/" + name,
                        ZammadWriteBack.authorization(config),
                        properties.writeBack(),
                        http,
                        registry));
              }
            });
    properties
        .jira()
        .forEach(
            (name, config) -> {
              if (config.writeBack()) {
                queues.put(
                    JIRA + "/" + name,
                    new WriteBackQueue(
                        JIRA + "/" + name,
                        JiraWriteBack.authorization(config),
                        properties.writeBack(),
                        http,
                        registry));
              }
            });
  }

  ConnectorProperties.Zammad zammad(String name) {
    return find(properties.zammad(), ZAMMAD, name);
  }

  ConnectorProperties.Jira jira(String name) {
    return find(properties.jira(), JIRA, name);
  }

  ConnectorProperties.Generic generic(String name) {
    return find(properties.generic(), GENERIC, name);
  }

  /** The write-back queue of a connector that writes back. */
  WriteBackQueue queue(String platform, String name) {
    return queues.get(platform + "/" + name);
  }

  long maxPayloadBytes() {
    return properties.maxPayloadBytes().toBytes();
  }

  private static <T> T find(Map<String, T> connectors, String platform, String name) {
    T config = connectors.get(name);
    if (config == null) {
      // Only a name that could be configured is echoed back.
      String shown = name.matches(ConnectorProperties.NAME) ? "'" + name + "' " : "";
      throw new ProblemException(
          ProblemType.UNKNOWN_CONNECTOR,
          "No "
              + platform
              + " connector "
              + shown
              + "is configured (sift.connectors."
              + platform
              + ".<name>).");
    }
    return config;
  }

  @Override
  public void close() {
    queues.values().forEach(WriteBackQueue::close);
    http.close();
  }
}
