package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sift.client.ApiClient;
import dev.sift.client.ApiException;
import dev.sift.client.ApiResponse;
import dev.sift.client.api.AdminApi;
import dev.sift.client.api.IncidentsApi;
import dev.sift.client.api.TicketsApi;
import dev.sift.client.api.TriageApi;
import dev.sift.client.model.AccuracyResponse;
import dev.sift.client.model.FieldAccuracy;
import dev.sift.client.model.Incident;
import dev.sift.client.model.JobView;
import dev.sift.client.model.KeyRequest;
import dev.sift.client.model.NeighbourView;
import dev.sift.client.model.NewKey;
import dev.sift.client.model.Problem;
import dev.sift.client.model.Suggestion;
import dev.sift.client.model.Ticket;
import dev.sift.client.model.TriageRequest;
import dev.sift.client.model.TriageResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main flows through nothing but the Java client that the build generates from
 * docs/openapi.json (which {@link ApiContractIT} holds equal to the served description): keys, the
 * history import job, upserts of one ticket and of a batch, triage, feedback and live accuracy,
 * incidents, and problems with their type. The client's JSON mapper rejects unknown properties, so
 * an answer carrying a field the contract does not declare fails here too.
 */
class GeneratedClientIT extends RunningService {

  private static final String PROBLEMS = "https://sift.dev/problems/";
  private static final String[][] TOPICS = {
    {
      "VPN disconnects every few minutes when working from home",
      "Network",
      "P2",
      "Network Operations"
    },
    {"Printer on floor 2 jams on every print job", "Hardware", "P3", "Desktop Support"},
    {"Password expired and I cannot log in to my account", "Access", "P3", "Service Desk"}
  };

  /**
   * History rows in the imported file: enough for each field's neighbours and a calibration
   * backtest.
   */
  private static final int HISTORY_ROWS = 60;

  private static final OffsetDateTime HISTORY_START = OffsetDateTime.parse("2026-04-01T08:00:00Z");
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

  /** An accuracy window that holds every suggestion, however its time is taken. */
  private static final String EVER = "2000-01-01T00:00:00Z";

  @TempDir Path files;

  /**
   * A generated client sending {@code key} as the bearer token (none when null), strict about
   * unknown fields.
   */
  private ApiClient client(String key) {
    ObjectMapper strict =
        ApiClient.createDefaultObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    ApiClient client =
        new ApiClient(
            ApiClient.createDefaultHttpClientBuilder(), strict, "http://localhost:" + port);
    client.setReadTimeout(Duration.ofSeconds(60));
    if (key != null) {
      client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
    }
    return client;
  }

  private ApiClient admin() {
    return client(Http.ADMIN_KEY);
  }

  @Test
  void keys_the_import_job_upserts_triage_and_feedback_run_through_the_generated_client()
      throws Exception {
    String tenant = "generated";
    // An admin issues the tenant's key; it is shown once, and says what it reaches.
    ApiResponse<NewKey> issued =
        new AdminApi(admin())
            .createTenantKeyWithHttpInfo(tenant, new KeyRequest().name("generated client"));
    assertThat(issued.getStatusCode()).isEqualTo(201);
    NewKey key = issued.getData();
    assertThat(key.getKey()).isNotBlank();
    assertThat(key.getKind()).isEqualTo(NewKey.KindEnum.TENANT);
    assertThat(key.getTenant()).isEqualTo(tenant);
    ApiClient own = client(key.getKey());
    assertThat(new AdminApi(own).ownKey().getTenant()).isEqualTo(tenant);

    // History arrives as a replace job (admin): 202, Location names the job, which is polled to its
    // end.
    JobView job = importAsJob(tenant, historyCsv());
    assertThat(job.getState()).as(job.toString()).isEqualTo(JobView.StateEnum.SUCCEEDED);
    assertThat(job.getImported()).isEqualTo(HISTORY_ROWS);
    assertThat(job.getSkipped()).isZero();

    // Live sync with the tenant's key: a batch, then a single ticket object; both are the one
    // upsert operation.
    TicketsApi tickets = new TicketsApi(own);
    List<Ticket> batch = List.of(ticket("LIVE-1", 0), ticket("LIVE-2", 1));
    assertThat(tickets.upsertTickets(tenant, batch, "live").getUpserted()).isEqualTo(2);
    assertThat(tickets.upsertTickets(tenant, ticket("LIVE-3", 2), null).getUpserted()).isEqualTo(1);
    assertThat(tickets.getTicket(tenant, "LIVE-3").getCategory()).isEqualTo("Access");

    // Triage: every label field suggests or abstains with a confidence, and names the neighbours
    // behind it.
    TriageResult triage =
        new TriageApi(own)
            .triage(
                tenant,
                new TriageRequest()
                    .id("NEW-1")
                    .subject("VPN keeps disconnecting at home")
                    .createdAt(HISTORY_START.plusDays(40)),
                null);
    assertThat(triage.getTenant()).isEqualTo(tenant);
    assertThat(triage.getSuggestions()).containsKeys("category", "priority", "assignmentGroup");
    for (Suggestion s : triage.getSuggestions().values()) {
      assertThat(s.getConfidence()).isBetween(0.0, 1.0);
      assertThat(s.getAbstained()).isNotNull();
      assertThat(s.getValue() == null).isEqualTo(s.getAbstained());
    }
    assertThat(triage.getNeighbours()).isNotEmpty();
    NeighbourView nearest = triage.getNeighbours().getFirst();
    assertThat(nearest.getCategory()).isEqualTo("Network");
    assertThat(nearest.getSimilarity()).isPositive();

    // Feedback: the ticket comes back with its final labels, and live accuracy scores the
    // suggestion made.
    tickets.upsertTickets(
        tenant, ticket("NEW-1", 0).subject("VPN keeps disconnecting at home"), "live");
    AccuracyResponse accuracy = new TriageApi(own).accuracy(tenant, EVER, null);
    assertThat(accuracy.getMethods()).containsKey("category");
    long scored =
        accuracy.getFields().get("category").values().stream()
            .mapToLong(FieldAccuracy::getScored)
            .sum();
    assertThat(scored).isEqualTo(1);
  }

  @Test
  void a_burst_raises_an_incident_that_is_listed_and_confirmed_through_the_generated_client()
      throws Exception {
    String tenant = "generated-incidents";
    OffsetDateTime burst = OffsetDateTime.parse("2026-06-01T08:00:00Z");
    List<Ticket> history = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      history.add(ticket("H-" + i, i).createdAt(burst.minusDays(28).plusHours(16L * i)));
    }
    new TicketsApi(admin()).upsertTickets(tenant, history, "history");
    String[] outage = {
      "Outlook not loading",
      "outlook is not loading at all",
      "Outlook won't load this morning",
      "Outlook not loading, stuck on loading profile",
      "outlook does not load"
    };
    TriageApi triage = new TriageApi(admin());
    for (int i = 0; i < outage.length; i++) {
      triage.triage(
          tenant,
          new TriageRequest()
              .id("B-" + i)
              .subject(outage[i])
              .requester("user" + i)
              .createdAt(burst.plusMinutes(2L * i)),
          null);
    }

    IncidentsApi incidents = new IncidentsApi(admin());
    List<Incident> open = incidents.listIncidents(tenant, "open").getIncidents();
    assertThat(open).hasSize(1);
    Incident candidate = open.getFirst();
    assertThat(candidate.getReason()).contains("usual rate");
    assertThat(candidate.getMemberTicketIds()).contains("B-0");
    assertThat(incidents.confirmIncident(tenant, candidate.getId()).getState())
        .isEqualTo("confirmed");
    assertThat(incidents.listIncidents(tenant, "open").getIncidents()).isEmpty();
    assertThat(incidents.listIncidents(tenant, "all").getIncidents())
        .extracting(Incident::getState)
        .containsExactly("confirmed");

    ApiException unknown =
        catchThrowableOfType(
            ApiException.class, () -> incidents.dismissIncident(tenant, "no-such-incident"));
    assertProblem(unknown, 404, "not-found");
  }

  @Test
  void problems_reach_the_generated_client_with_their_status_and_type() throws Exception {
    ApiException noKey =
        catchThrowableOfType(ApiException.class, () -> new AdminApi(client(null)).listTenants());
    assertProblem(noKey, 401, "unauthorized");

    String key = new AdminApi(admin()).createTenantKey("generated-own", new KeyRequest()).getKey();
    ApiException otherTenant =
        catchThrowableOfType(
            ApiException.class,
            () ->
                new TriageApi(client(key))
                    .triage("generated-other", new TriageRequest().subject("printer"), null));
    assertProblem(otherTenant, 403, "forbidden");

    ApiException unknownTenant =
        catchThrowableOfType(
            ApiException.class,
            () ->
                new TriageApi(admin())
                    .triage("generated-nobody", new TriageRequest().subject("printer"), null));
    Problem problem = assertProblem(unknownTenant, 404, "unknown-tenant");
    assertThat(problem.getAdditionalProperty("tenant")).isEqualTo("generated-nobody");

    ApiException unknownJob =
        catchThrowableOfType(ApiException.class, () -> new AdminApi(admin()).getJob("nope"));
    assertProblem(unknownJob, 404, "unknown-job");

    ApiException invalid =
        catchThrowableOfType(
            ApiException.class,
            () ->
                new TicketsApi(admin())
                    .upsertTickets("generated-own", new Ticket().id("X-1"), null));
    assertProblem(invalid, 400, "invalid-ticket");
  }

  /**
   * The problem in the exception, read with the generated model, after checking its status and
   * type.
   */
  private Problem assertProblem(ApiException e, int status, String type) throws IOException {
    assertThat(e).as("an ApiException").isNotNull();
    assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(status);
    assertThat(e.getResponseHeaders().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    Problem problem = admin().getObjectMapper().readValue(e.getResponseBody(), Problem.class);
    assertThat(problem.getType()).isEqualTo(URI.create(PROBLEMS + type));
    assertThat(problem.getStatus()).isEqualTo(status);
    assertThat(problem.getTitle()).isNotBlank();
    return problem;
  }

  /**
   * Uploads {@code csv} with mode=replace and polls the job at its Location until it ends, as any
   * client following a 202 does. While an append import still answers 200 with its report, that
   * report is the operation's declared return type (a generated method returns its first success
   * schema), so this one call reads leniently.
   */
  private JobView importAsJob(String tenant, Path csv) throws ApiException {
    ApiClient lenient = admin().setObjectMapper(ApiClient.createDefaultObjectMapper());
    var accepted =
        new AdminApi(lenient)
            .importHistoryWithHttpInfo(tenant, csv.toFile(), null, null, "replace");
    assertThat(accepted.getStatusCode()).isEqualTo(202);
    String location = accepted.getHeaders().get("location").getFirst();
    assertThat(location).startsWith("/v1/jobs/");
    String id = location.substring("/v1/jobs/".length());
    AdminApi jobs = new AdminApi(admin());
    AtomicReference<JobView> last = new AtomicReference<>();
    await()
        .atMost(JOB_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last.set(jobs.getJob(id));
              return last.get().getFinishedAt() != null;
            });
    return last.get();
  }

  /**
   * A history export: {@link #HISTORY_ROWS} resolved tickets over the three topics, one every eight
   * hours.
   */
  private Path historyCsv() {
    StringBuilder csv =
        new StringBuilder("id,subject,category,priority,assignmentGroup,createdAt,resolvedAt\n");
    for (int i = 0; i < HISTORY_ROWS; i++) {
      String[] topic = TOPICS[i % TOPICS.length];
      OffsetDateTime created = HISTORY_START.plusHours(8L * i);
      csv.append("HIST-")
          .append(i)
          .append(',')
          .append(topic[0])
          .append(" (")
          .append(i)
          .append("),")
          .append(topic[1])
          .append(',')
          .append(topic[2])
          .append(',')
          .append(topic[3])
          .append(',')
          .append(created)
          .append(',')
          .append(created.plusHours(2 + i % 5))
          .append('\n');
    }
    try {
      return Files.writeString(files.resolve("history.csv"), csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Ticket ticket(String id, int topic) {
    String[] t = TOPICS[topic % TOPICS.length];
    return new Ticket()
        .id(id)
        .subject(t[0])
        .category(t[1])
        .priority(t[2])
        .assignmentGroup(t[3])
        .createdAt(HISTORY_START.plusDays(30));
  }
}
