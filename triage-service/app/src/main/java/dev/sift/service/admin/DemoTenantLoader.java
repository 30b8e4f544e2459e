package dev.sift.service.admin;

import dev.sift.data.ColumnMapping;
import dev.sift.data.TicketReader;
import dev.sift.engine.History;
import dev.sift.engine.HistoryImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * With {@code sift.demo.enabled=true}, imports the bundled demo history into tenant {@value
 * #TENANT} on the first start (when the tenant does not exist yet), then logs where to try it. Runs
 * before the application reports itself ready.
 */
@Component
@ConditionalOnBooleanProperty("sift.demo.enabled")
class DemoTenantLoader implements ApplicationRunner {

  static final String TENANT = "demo";
  static final String RESOURCE = "demo/tickets.csv";
  private static final Logger log = LoggerFactory.getLogger(DemoTenantLoader.class);

  private final History history;
  private final Environment environment;

  DemoTenantLoader(History history, Environment environment) {
    this.history = history;
    this.environment = environment;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (history.hasHistory(TENANT)) {
      log.info(
          "demo tenant '{}' already exists with {} tickets", TENANT, history.ticketCount(TENANT));
    } else {
      TicketReader reader =
          TicketReader.builder()
              .mapping(ColumnMapping.identity())
              .format(TicketReader.Format.CSV)
              .build();
      HistoryImporter.Result result;
      try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
        result =
            new HistoryImporter(history).run(TENANT, reader, in, HistoryImporter.Listener.NONE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read demo history " + RESOURCE, e);
      }
      log.info(
          "demo tenant '{}' loaded: {} in {} ms",
          TENANT,
          result.report().summary(),
          result.took().toMillis());
    }
    String port = environment.getProperty("local.server.port");
    if (port != null) {
      String key = environment.getProperty("sift.demo.key", "sift-demo-key");
      String base =
          "http://localhost:" + port + environment.getProperty("server.servlet.context-path", "");
      log.info(
          """
          Sift is ready with the demo tenant. Console: {}/console/ (key {}). Swagger UI: {}/swagger-ui.html — try:
            curl -s -X POST {}/v1/tenants/{}/triage -H 'Authorization: Bearer {}' -H 'Content-Type: application/json' \\
              -d '{"subject":"VPN connects but network drives are missing","body":"Since this morning my mapped drives show a red cross when I work from home."}'""",
          base,
          key,
          base,
          base,
          TENANT,
          key);
    }
  }
}
