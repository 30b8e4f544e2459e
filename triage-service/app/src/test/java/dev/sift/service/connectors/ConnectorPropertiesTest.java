package dev.sift.service.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * {@code sift.connectors.*} binds with its defaults, and a connector that could not work stops the
 * start-up.
 */
class ConnectorPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ConnectorProperties.class)
  static class PropertiesOnly {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class);

  private static final String[] ZAMMAD = {
    "sift.connectors.zammad.desk.tenant=acme",
    "sift.connectors.zammad.desk.base-url=https://desk.example.com",
    "sift.connectors.zammad.desk.token=t",
    "sift.connectors.zammad.desk.secret=s"
  };

  @Test
  void no_connectors_by_default_and_a_zammad_connector_gets_the_documented_mapping() {
    runner.run(
        context -> {
          ConnectorProperties p = context.getBean(ConnectorProperties.class);
          assertThat(p.zammad()).isEmpty();
          assertThat(p.writeBack().maxAttempts()).isEqualTo(4);
          assertThat(p.maxPayloadBytes().toBytes()).isEqualTo(1024 * 1024);
        });
    runner
        .withPropertyValues(ZAMMAD)
        .withPropertyValues(
            "sift.connectors.zammad.desk.priority.values.P1=3 high",
            "sift.connectors.zammad.desk.group.values[Network Team]=Network")
        .run(
            context -> {
              ConnectorProperties.Zammad desk =
                  context.getBean(ConnectorProperties.class).zammad().get("desk");
              assertThat(desk.writeBack()).isTrue();
              assertThat(desk.storeTickets()).isFalse();
              assertThat(desk.group().source()).isEqualTo("assignmentGroup");
              assertThat(desk.group().values()).isEqualTo(Map.of("Network Team", "Network"));
              assertThat(desk.priority().source()).isEqualTo("priority");
              assertThat(desk.priority().values()).isEqualTo(Map.of("P1", "3 high"));
              assertThat(desk.tags()).isEqualTo(List.of("category", "subcategory"));
            });
  }

  @Test
  void a_jira_request_type_is_off_until_mapped_and_a_field_can_be_switched_off() {
    runner
        .withPropertyValues(
            "sift.connectors.jira.itsm.tenant=acme",
            "sift.connectors.jira.itsm.base-url=https://acme.atlassian.net",
            "sift.connectors.jira.itsm.email=a@b.c",
            "sift.connectors.jira.itsm.api-token=t",
            "sift.connectors.jira.itsm.secret=s",
            "sift.connectors.jira.itsm.priority.field=none")
        .run(
            context -> {
              ConnectorProperties.Jira itsm =
                  context.getBean(ConnectorProperties.class).jira().get("itsm");
              assertThat(itsm.components().source()).isEqualTo("category");
              assertThat(itsm.priority().source()).isNull();
              assertThat(itsm.requestType().source()).isNull();
              assertThat(itsm.requestTypeField()).isEqualTo("customfield_10010");
            });
  }

  @Test
  void a_connector_without_its_secret_or_with_an_unknown_field_or_tenant_does_not_start() {
    runner
        .withPropertyValues(ZAMMAD)
        .withPropertyValues("sift.connectors.zammad.desk.secret=")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("secret"));
    runner
        .withPropertyValues(ZAMMAD)
        .withPropertyValues("sift.connectors.zammad.desk.group.field=team")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("group.field"));
    runner
        .withPropertyValues(ZAMMAD)
        .withPropertyValues("sift.connectors.zammad.desk.tenant=Acme Corp")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("tenant"));
  }

  @Test
  void a_generic_connector_needs_exactly_one_of_secret_and_token_and_a_text_pointer() {
    String[] generic = {
      "sift.connectors.generic.hd.tenant=acme", "sift.connectors.generic.hd.fields.subject=/s"
    };
    runner
        .withPropertyValues(generic)
        .withPropertyValues("sift.connectors.generic.hd.token=t")
        .run(context -> assertThat(context).hasNotFailed());
    runner
        .withPropertyValues(generic)
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("needs a secret or a token"));
    runner
        .withPropertyValues(generic)
        .withPropertyValues(
            "sift.connectors.generic.hd.token=t", "sift.connectors.generic.hd.secret=s")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues(
            "sift.connectors.generic.hd.tenant=acme",
            "sift.connectors.generic.hd.token=t",
            "sift.connectors.generic.hd.fields.requester=/r")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("subject or a body pointer"));
  }
}
