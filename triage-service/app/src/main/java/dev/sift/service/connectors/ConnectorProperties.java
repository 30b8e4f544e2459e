package dev.sift.service.connectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sift.connectors.*}: inbound webhooks of ticketing platforms, each connector named by its
 * key and bound to one Sift tenant. A connector answers at {@code POST
 * /v1/connectors/<platform>/<name>}.
 *
 * @param zammad Zammad instances, by connector name
 * @param jira Jira Service Management sites, by connector name
 * @param generic other platforms, whose payload is mapped onto a ticket by JSON pointers
 * @param writeBack how suggestions are posted back to Zammad and Jira
 * @param maxPayloadBytes largest webhook body accepted; a Jira issue with many custom fields runs
 *     to tens of KB
 */
@ConfigurationProperties("sift.connectors")
@Validated
public record ConnectorProperties(
    @DefaultValue Map<@Pattern(regexp = NAME) String, @Valid @NotNull Zammad> zammad,
    @DefaultValue Map<@Pattern(regexp = NAME) String, @Valid @NotNull Jira> jira,
    @DefaultValue Map<@Pattern(regexp = NAME) String, @Valid @NotNull Generic> generic,
    @DefaultValue @NotNull @Valid WriteBack writeBack,
    @DefaultValue("1MB") @NotNull DataSize maxPayloadBytes) {

  /** Connector names, like tenant names, appear in paths. */
  static final String NAME = "[a-z0-9-]{1,63}";

  private static final String TENANT = "[a-z0-9-]{1,63}";

  public ConnectorProperties {
    zammad = Map.copyOf(zammad);
    jira = Map.copyOf(jira);
    generic = Map.copyOf(generic);
  }

  /**
   * Which Sift suggestion feeds a platform field, and how its values translate.
   *
   * @param field the Sift suggestion field: {@code category}, {@code subcategory}, {@code
   *     priority}, {@code assignmentGroup} or {@code assignee}; {@code none} leaves the platform
   *     field alone
   * @param values Sift value to platform value (a group name, a priority name); when given, values
   *     it does not list are never written and the note says so; when empty, Sift's value is
   *     written as it is, which suits a tenant whose history was exported from the same platform
   */
  public record FieldMap(
      @Pattern(regexp = FIELDS + "|" + NONE) String field,
      @DefaultValue Map<String, String> values) {

    static final String FIELDS = "category|subcategory|priority|assignmentGroup|assignee";
    static final String NONE = "none";

    public FieldMap {
      values = Map.copyOf(values);
    }

    static FieldMap of(String field) {
      return new FieldMap(field, Map.of());
    }

    /**
     * This map, reading {@code field} when it names none; a missing map is the default field
     * unmapped.
     */
    static FieldMap orDefault(FieldMap map, String field) {
      return map == null
          ? of(field)
          : map.field() == null ? new FieldMap(field, map.values()) : map;
    }

    /** The Sift field read, or null when the platform field is left alone. */
    String source() {
      return field == null || NONE.equals(field) ? null : field;
    }
  }

  /**
   * {@code sift.connectors.zammad.<name>.*}. A Zammad trigger posts its webhook here; Sift answers
   * at once and then sets group and priority, adds tags and writes an internal note through
   * Zammad's REST API.
   *
   * @param tenant the Sift tenant whose history triages this instance's tickets
   * @param baseUrl the Zammad instance, e.g. {@code https://desk.example.com}
   * @param token a Zammad access token of an agent allowed to edit the tickets ({@code
   *     ticket.agent})
   * @param secret the webhook's HMAC-SHA1 signature token: requests without a matching {@code
   *     X-Hub-Signature} are refused
   * @param storeTickets also store each ticket in the tenant as a live arrival (neighbour for later
   *     tickets, and major-incident detection)
   * @param writeBack post the suggestions back; off, the webhook only triages (and stores)
   * @param group the Zammad group, from {@code assignmentGroup} by default
   * @param priority the Zammad priority, from {@code priority} by default; map Sift's priorities
   *     onto Zammad's names such as {@code 3 high}
   * @param tags Sift fields whose values are added as tags, {@code category} and {@code
   *     subcategory} by default
   */
  public record Zammad(
      @NotBlank @Pattern(regexp = TENANT) String tenant,
      @NotNull URI baseUrl,
      @NotBlank String token,
      @NotBlank String secret,
      @DefaultValue("false") boolean storeTickets,
      @DefaultValue("true") boolean writeBack,
      @Valid FieldMap group,
      @Valid FieldMap priority,
      @DefaultValue({"category", "subcategory"})
          List<@Pattern(regexp = FieldMap.FIELDS) String> tags) {

    public Zammad {
      group = FieldMap.orDefault(group, "assignmentGroup");
      priority = FieldMap.orDefault(priority, "priority");
      tags = List.copyOf(tags);
    }
  }

  /**
   * {@code sift.connectors.jira.<name>.*}. A Jira Cloud webhook for {@code jira:issue_created}
   * posts here; Sift answers at once and then adds components, sets priority and request type, and
   * writes an internal comment.
   *
   * @param tenant the Sift tenant whose history triages this site's issues
   * @param baseUrl the site, e.g. {@code https://example.atlassian.net}
   * @param email the Atlassian account the API token belongs to
   * @param apiToken its API token (basic auth with the email)
   * @param secret the webhook's secret: requests without a matching {@code X-Hub-Signature:
   *     sha256=...} are refused
   * @param storeTickets also store each issue in the tenant as a live arrival
   * @param writeBack post the suggestions back; off, the webhook only triages (and stores)
   * @param components components added to the issue, from {@code category} by default
   * @param priority the priority, from {@code priority} by default; map onto Jira's names
   *     such as {@code High}
   * @param requestType the request type, written only for values {@code values} maps, into {@code
   *     requestTypeField}
   * @param requestTypeField the custom field that holds the request type ("Customer Request Type"),
   *     whose value the edit-issue API takes as {@code <portal key>/<request type key>}
   */
  public record Jira(
      @NotBlank @Pattern(regexp = TENANT) String tenant,
      @NotNull URI baseUrl,
      @NotBlank String email,
      @NotBlank String apiToken,
      @NotBlank String secret,
      @DefaultValue("false") boolean storeTickets,
      @DefaultValue("true") boolean writeBack,
      @Valid FieldMap components,
      @Valid FieldMap priority,
      @Valid FieldMap requestType,
      @DefaultValue("customfield_10010") @Pattern(regexp = "customfield_[0-9]+")
          String requestTypeField) {

    public Jira {
      components = FieldMap.orDefault(components, "category");
      priority = FieldMap.orDefault(priority, "priority");
      requestType = FieldMap.orDefault(requestType, FieldMap.NONE);
    }
  }

  /**
   * {@code sift.connectors.generic.<name>.*}: any platform that can post JSON. The payload is
   * mapped onto a ticket by JSON pointers, and the triage is the response (200), to be read by the
   * platform's own automation.
   *
   * @param tenant the Sift tenant
   * @param secret HMAC-SHA256 key: the body's signature is expected as {@code X-Hub-Signature:
   *     sha256=<hex>}
   * @param token a shared token expected in the {@code X-Sift-Token} header, for platforms that
   *     cannot sign
   * @param storeTickets also store each ticket in the tenant as a live arrival (needs an {@code id}
   *     pointer)
   * @param fields JSON pointer per ticket field: {@code id}, {@code subject}, {@code body}, {@code
   *     requester}, {@code client}, {@code createdAt}; a subject or a body is required
   */
  public record Generic(
      @NotBlank @Pattern(regexp = TENANT) String tenant,
      String secret,
      String token,
      @DefaultValue("false") boolean storeTickets,
      @NotNull
          Map<
                  @Pattern(regexp = "id|subject|body|requester|client|createdAt") String,
                  @Pattern(regexp = "(/[^/]*)+") String>
              fields) {

    public Generic {
      fields = fields == null ? null : Map.copyOf(fields);
    }

    @AssertTrue(message = "needs a secret or a token, not both")
    public boolean isAuthenticated() {
      return isSet(secret) != isSet(token);
    }

    /** Whether requests carry the shared token rather than a signature. */
    boolean usesToken() {
      return isSet(token);
    }

    @AssertTrue(
        message =
            "fields needs a subject or a body pointer, and an id pointer when store-tickets is on")
    public boolean isMappingComplete() {
      return fields == null
          || (fields.containsKey("subject") || fields.containsKey("body"))
              && (!storeTickets || fields.containsKey("id"));
    }

    private static boolean isSet(String s) {
      return s != null && !s.isBlank();
    }
  }

  /**
   * {@code sift.connectors.write-back.*}: calls to the platform after the webhook is answered.
   *
   * @param threads concurrent write-backs per connector
   * @param queue write-backs waiting per connector; beyond it a ticket's write-back is dropped and
   *     logged
   * @param maxAttempts attempts per call on a 5xx, a 429 or a connection failure, the first
   *     included
   * @param initialBackoff wait before the first retry; doubled each time, or the platform's {@code
   *     Retry-After} when longer (up to {@code maxBackoff})
   * @param maxBackoff the longest wait between attempts
   * @param timeout per call
   */
  public record WriteBack(
      @DefaultValue("2") @Min(1) @Max(64) int threads,
      @DefaultValue("1000") @Min(1) int queue,
      @DefaultValue("4") @Min(1) @Max(20) int maxAttempts,
      @DefaultValue("1s") @NotNull Duration initialBackoff,
      @DefaultValue("60s") @NotNull Duration maxBackoff,
      @DefaultValue("10s") @NotNull Duration timeout) {}
}
