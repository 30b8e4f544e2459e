package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sift.data.ColumnMapping;
import dev.sift.data.Ticket;
import dev.sift.data.TicketReader;
import dev.sift.service.Http.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The web console in headless Chromium against the real service (model, index, keys). One service
 * and one browser serve every test. Tenant {@code acme} holds the first {@value #HISTORY} tickets
 * of the bundled demo history, and {@value #FEEDBACK} more that were triaged first and then
 * upserted with their final labels, so that live accuracy has something to show; {@code initech}
 * holds a few on cold start. Cold start hands a field to neighbours from {@value #MIN_HISTORY}
 * labelled tickets here, so that the small history shows both methods.
 *
 * <p>Set {@code SIFT_CONSOLE_SCREENSHOTS=docs/console} to save a picture of each page
 * (docs/console.md).
 */
@TestPropertySource(properties = "sift.cold-start.min-history=" + ConsoleIT.MIN_HISTORY)
class ConsoleIT extends RunningService {

  static final int MIN_HISTORY = 40;
  private static final int HISTORY = 120;
  private static final int FEEDBACK = 12;
  private static final String TENANT = "acme";

  /** A second tenant, on cold start only, so that an admin sees more than one. */
  private static final String SMALL_TENANT = "initech";

  private static final int SMALL_HISTORY = 30;
  private static final String XSS = "<img src=x onerror=alert(1)>";

  /**
   * How long a tenant's cold-start model may take to build in the background, and how often to
   * look.
   */
  private static final java.time.Duration MODEL_WAIT = java.time.Duration.ofSeconds(60);

  private static final java.time.Duration POLL = java.time.Duration.ofMillis(200);
  private static final List<String> OUTAGE =
      List.of(
          "Outlook not loading",
          "outlook is not loading at all",
          "Outlook won't load this morning",
          "Outlook not loading, stuck on loading profile",
          "outlook does not load");
  private static final List<String> PORTAL =
      List.of(
          "Payroll portal shows error 502",
          "payroll portal error 502",
          "Error 502 on the payroll portal",
          "Payroll portal down with 502 bad gateway",
          "payroll site gives 502");

  private static Browser browser;
  private static String tenantKey;

  @BeforeAll
  static void startBrowser() {
    Optional<Path[]> chromium = Browser.installation();
    if (chromium.isEmpty() && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          "CI=true but chromium and chromedriver are not on the PATH; run "
              + "scripts/install-chromium.sh");
    }
    assumeTrue(
        chromium.isPresent(),
        "chromium and chromedriver are not installed (scripts/install-chromium.sh)");
    browser = Browser.start(chromium.get());
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void seedOnce() {
    if (tenantKey != null) {
      return;
    }
    List<Ticket> demo = demoTickets(HISTORY + FEEDBACK);
    importHistory(TENANT, demo.subList(0, HISTORY));
    importHistory(SMALL_TENANT, demo.subList(0, SMALL_HISTORY));
    for (Ticket t : demo.subList(HISTORY, demo.size())) {
      assertThat(
              http.postJson(
                      "/v1/tenants/" + TENANT + "/triage",
                      Map.of(
                          "id",
                          t.id(),
                          "subject",
                          t.subject(),
                          "body",
                          t.body() == null ? "" : t.body()))
                  .status())
          .isEqualTo(200);
    }
    assertThat(
            http.postJson("/v1/tenants/" + TENANT + "/tickets", demo.subList(HISTORY, demo.size()))
                .status())
        .isEqualTo(200);
    tenantKey = newTenantKey(TENANT);
    awaitSettledMethods(TENANT);
  }

  /**
   * Cold-start models are built in the background on first need, and a field's method turns from
   * neighbours to zero-shot when the tenant's is ready: wait for that, so that the console and the
   * API read the same methods.
   */
  private void awaitSettledMethods(String tenant) {
    long deadline = System.nanoTime() + MODEL_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String before =
          http.get("/v1/tenants/" + tenant + "/accuracy").json().path("methods").toString();
      boolean ready =
          "ready"
              .equals(
                  http.getHeader("/v1/tenants/" + tenant + "/taxonomy", "Sift-Cold-Start-Model"));
      String after =
          http.get("/v1/tenants/" + tenant + "/accuracy").json().path("methods").toString();
      if (ready && before.equals(after)) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(POLL.toNanos());
    }
    throw new AssertionError(
        "the cold-start model of " + tenant + " was not ready within " + MODEL_WAIT);
  }

  @Test
  void an_admin_sees_each_tenant_with_its_size_model_and_the_method_and_accuracy_of_each_field() {
    signIn(Http.ADMIN_KEY, "#/tenants/" + TENANT);

    WebElement row =
        browser.await(By.cssSelector("#tenants-table tr[data-tenant='" + TENANT + "']"));
    assertThat(
            browser.driver.findElements(By.cssSelector("#tenants-table tbody tr")).stream()
                .map(r -> r.getDomAttribute("data-tenant"))
                .toList())
        .isEqualTo(
            http.get("/v1/admin/tenants")
                .json()
                .path("tenants")
                .valueStream()
                .map(t -> t.path("tenant").asString())
                .toList());
    JsonNode stats = http.get("/v1/tenants/" + TENANT + "/stats").json();
    JsonNode accuracy = http.get("/v1/tenants/" + TENANT + "/accuracy").json();
    assertThat(cells(row).get(1)).isEqualTo(String.format("%,d", stats.path("tickets").asLong()));
    assertThat(cells(row).get(3))
        .isEqualTo(http.get("/v1/admin/models").json().path("configured").asString());
    WebElement fields = browser.await(By.id("fields-table"));
    List<WebElement> fieldRows = fields.findElements(By.cssSelector("tbody tr"));
    assertThat(fieldRows).hasSize(accuracy.path("methods").size());
    for (WebElement fieldRow : fieldRows) {
      List<String> cells = cells(fieldRow);
      String field = cells.get(0);
      String method = accuracy.path("methods").path(field).asString();
      assertThat(cells.get(1)).as(field).isEqualTo(method);
      JsonNode live = accuracy.path("fields").path(field).path(method);
      assertThat(cells.get(10))
          .as("scored %s", field)
          .isEqualTo(Long.toString(live.path("scored").asLong()));
      assertThat(cells.get(7))
          .as("live accuracy of %s", field)
          .isEqualTo(
              live.path("scored").asLong() == 0
                  ? "no feedback"
                  : live.path("answered").asLong() == 0
                      ? "none answered"
                      : String.format("%.1f%%", live.path("accuracy").asDouble() * 100));
    }
    assertThat(accuracy.path("methods").toString()).contains("neighbours");
    browser.screenshot("tenants");
  }

  @Test
  void the_playground_shows_suggestions_confidences_the_eta_and_the_neighbours_behind_them() {
    Map<String, String> ticket =
        Map.of(
            "subject",
            "VPN connects but network drives are missing",
            "body",
            "Since this morning my mapped drives show a red cross when I work from home.");
    signIn(tenantKey, "#/triage/" + TENANT);

    browser.await(By.id("subject")).sendKeys(ticket.get("subject"));
    browser.driver.findElement(By.id("body")).sendKeys(ticket.get("body"));
    browser.driver.findElement(By.id("triage-submit")).click();
    List<WebElement> neighbours = neighbourRows();

    JsonNode expected = http.postJson("/v1/tenants/" + TENANT + "/triage", ticket).json();
    assertThat(neighbours.stream().map(r -> cells(r).get(1)).toList())
        .isEqualTo(
            expected
                .path("neighbours")
                .valueStream()
                .map(n -> n.path("ticketId").asString())
                .toList());
    List<WebElement> suggestions =
        browser.driver.findElements(By.cssSelector("#suggestions-table tbody tr"));
    assertThat(suggestions).hasSize(expected.path("suggestions").size());
    for (WebElement s : suggestions) {
      JsonNode answer = expected.path("suggestions").path(s.getDomAttribute("data-field"));
      String shown = cells(s).get(1);
      if (answer.path("abstained").asBoolean()) {
        assertThat(shown).startsWith("abstained");
      } else {
        assertThat(shown).isEqualTo(answer.path("value").asString());
      }
      assertThat(cells(s).get(2)).endsWith("%");
    }
    assertThat(browser.driver.findElement(By.id("eta")).getText())
        .contains("median (p50)")
        .contains("p90");
    browser.screenshot("triage");
  }

  @Test
  void ticket_text_that_looks_like_markup_is_shown_as_text_and_never_run() {
    String tenant = "markup";
    List<Map<String, String>> tickets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tickets.add(
          Map.of(
              "id",
              "m-" + i,
              "subject",
              XSS + " printer " + i,
              "category",
              "<b>Hardware</b>",
              "resolution",
              "<script>window.pwned = true</script>"));
    }
    assertThat(http.postJson("/v1/tenants/" + tenant + "/tickets", tickets).status())
        .isEqualTo(201);
    signIn(Http.ADMIN_KEY, "#/triage/" + tenant);

    browser.await(By.id("subject")).sendKeys(XSS + " printer");
    browser.driver.findElement(By.id("triage-submit")).click();
    List<WebElement> neighbours = neighbourRows();

    assertThat(neighbours).hasSize(3);
    assertThat(cells(neighbours.getFirst()).get(2)).startsWith(XSS);
    assertThat(cells(neighbours.getFirst()).get(3)).isEqualTo("<b>Hardware</b>");
    assertThat(cells(neighbours.getFirst()).get(8))
        .isEqualTo("<script>window.pwned = true</script>");
    assertThat(browser.driver.findElements(By.cssSelector("#main img, #main b, #main script")))
        .isEmpty();
    assertThat(browser.js("return window.pwned === undefined")).isEqualTo(true);
    assertThatThrownBy(() -> browser.driver.switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
  }

  @Test
  void a_major_incident_appears_live_and_a_person_confirms_or_dismisses_it() {
    String tenant = "live";
    Instant now = Instant.now();
    String[] topics = {
      "Printer on floor 2 jams", "VPN disconnects at home", "New laptop request", "SAP login error"
    };
    List<Map<String, String>> history =
        IntStream.range(0, 40)
            .mapToObj(
                i ->
                    Map.of(
                        "id",
                        "h" + i,
                        "subject",
                        topics[i % topics.length],
                        "createdAt",
                        now.minus(Duration.ofDays(28)).plus(Duration.ofHours(16L * i)).toString()))
            .toList();
    assertThat(http.postJson("/v1/tenants/" + tenant + "/tickets", history).status())
        .isEqualTo(201);
    signIn(newTenantKey(tenant), "#/incidents/" + tenant);
    browser.wait.until(ExpectedConditions.textToBe(By.id("stream-status"), "Live"));

    burst(tenant, OUTAGE, "a");
    // Only an event of the stream marks a candidate new: the page's periodic re-read does not.
    String outageId =
        browser
            .await(By.cssSelector("article.incident.fresh[data-state='open']"))
            .getDomAttribute("data-id");
    assertThat(outageId)
        .isEqualTo(
            http.get("/v1/tenants/" + tenant + "/incidents")
                .json()
                .path("incidents")
                .get(0)
                .path("id")
                .asString());
    assertThat(browser.await(incident(outageId, ".reason")).getText())
        .matches("\\d tickets from \\d requesters .*");
    browser.click(incident(outageId, ".confirm"));
    browser.await(
        By.cssSelector("article.incident[data-id='" + outageId + "'][data-state='confirmed']"));
    assertThat(browser.await(incident(outageId, ".reason")).getText())
        .startsWith("5 tickets from 5 requesters");

    burst(tenant, PORTAL, "b");
    String portalId =
        browser
            .await(By.cssSelector("article.incident.fresh[data-state='open']"))
            .getDomAttribute("data-id");
    // The stream announced the candidate when it was raised; the page's re-reading shows it grow to
    // the whole burst.
    browser.wait.until(
        ExpectedConditions.textMatches(
            incident(portalId, ".reason"),
            java.util.regex.Pattern.compile("^5 tickets from 5 requesters")));
    browser.screenshot("incidents");
    browser.click(incident(portalId, ".dismiss"));
    browser.await(
        By.cssSelector("article.incident[data-id='" + portalId + "'][data-state='dismissed']"));

    Map<String, String> states =
        http.get("/v1/tenants/" + tenant + "/incidents?state=all")
            .json()
            .path("incidents")
            .valueStream()
            .collect(
                Collectors.toMap(i -> i.path("id").asString(), i -> i.path("state").asString()));
    assertThat(states).isEqualTo(Map.of(outageId, "confirmed", portalId, "dismissed"));
  }

  @Test
  void a_tenant_key_sees_only_its_own_tenant_and_is_refused_every_other() {
    signIn(tenantKey, "#/tenants/" + TENANT);

    assertThat(browser.await(By.id("who")).getText()).isEqualTo("Tenant key · " + TENANT);
    assertThat(
            browser.driver.findElements(By.cssSelector("#tenant option")).stream()
                .map(WebElement::getText))
        .containsExactly(TENANT);
    assertThat(browser.await(By.id("tenants-table")).findElements(By.cssSelector("tbody tr")))
        .hasSize(1);

    go("#/incidents/markup");
    assertThat(browser.await(By.cssSelector(".alert-error")).getText()).contains("(403)");
    go("#/triage/other-tenant");
    browser.await(By.id("subject")).sendKeys("Printer jams");
    browser.driver.findElement(By.id("triage-submit")).click();
    assertThat(browser.await(By.cssSelector("#triage-result .alert-error")).getText())
        .contains("(403)");
    go("#/jobs");
    assertThat(browser.await(By.cssSelector(".alert-info")).getText()).contains("admin keys");

    browser.driver.findElement(By.id("sign-out")).click();
    browser.await(By.id("api-key")).sendKeys("sift_not-a-real-key");
    browser.driver.findElement(By.id("sign-in")).click();
    assertThat(browser.await(By.cssSelector(".alert-error")).getText())
        .contains("unknown or revoked");
    assertThat(browser.js("return sessionStorage.length + localStorage.length")).isEqualTo(0L);
  }

  @Test
  void a_rebuild_started_in_the_console_shows_its_progress_to_the_end(@TempDir Path dir)
      throws IOException {
    List<Ticket> tickets = demoTickets(30);
    Path export = dir.resolve("globex.ndjson");
    Files.writeString(
        export,
        tickets.stream().map(Http.JSON::writeValueAsString).collect(Collectors.joining("\n")));
    signIn(Http.ADMIN_KEY, "#/jobs");

    WebElement target = browser.await(By.id("job-tenant"));
    target.clear();
    target.sendKeys("globex");
    browser.driver.findElement(By.id("job-file")).sendKeys(export.toString());
    browser.driver.findElement(By.cssSelector("#rebuild-form button[type=submit]")).click();
    // Imports are jobs too: the table also lists the history imports that set up the other tenants.
    WebElement done =
        browser.await(
            By.xpath(
                "//table[@id='jobs-table']//tr[@data-state='succeeded']"
                    + "[td[3][normalize-space()='globex']]"));

    List<String> cells = cells(done);
    assertThat(cells.get(2)).isEqualTo("globex");
    assertThat(cells.get(4)).startsWith("100%");
    assertThat(cells.get(5)).isEqualTo("30");
    assertThat(http.get("/v1/tenants/globex/stats").json().path("tickets").asLong()).isEqualTo(30);
    browser.screenshot("jobs");
  }

  @Test
  void a_backtest_report_shows_named_columns_and_counts_within_1280_pixels() throws IOException {
    Path report = new ClassPathResource("console/report.json").getFile().toPath();
    JsonNode json = Http.JSON.readTree(Files.readString(report));
    signIn(Http.ADMIN_KEY, "#/reports");

    browser.await(By.id("report-file")).sendKeys(report.toString());
    WebElement metrics =
        browser.await(By.cssSelector("table.metrics[data-field='assignmentGroup']"));

    assertThat(metrics.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText))
        .contains("Accuracy", "Macro F1", "Calibration error (ECE)", "Coverage at 90% precision");
    assertThat(metrics.findElements(By.cssSelector("tbody tr")))
        .hasSize(json.path("results").path("assignmentGroup").size());
    assertThat(
            browser.js(
                "return [...document.querySelectorAll('.table-wrap')]"
                    + ".every(w => w.scrollWidth <= w.clientWidth)"))
        .as("every table fits the page")
        .isEqualTo(true);
    List<String> counts =
        browser
            .driver
            .findElements(By.cssSelector("table.matrix tbody tr"))
            .getFirst()
            .findElements(By.tagName("td"))
            .stream()
            .map(WebElement::getText)
            .toList();
    assertThat(counts).containsExactly("741", "12", "3", "9", "765");
    browser.screenshot("reports");
  }

  /** Signs out whoever the tab holds, then signs in with {@code key} and opens {@code route}. */
  private void signIn(String key, String route) {
    browser.driver.get("http://localhost:" + port + "/console/");
    browser.wait.until(
        ExpectedConditions.or(
            ExpectedConditions.visibilityOfElementLocated(By.id("api-key")),
            ExpectedConditions.visibilityOfElementLocated(By.id("sign-out"))));
    browser.driver.findElements(By.id("sign-out")).forEach(WebElement::click);
    browser.await(By.id("api-key")).sendKeys(key);
    browser.driver.findElement(By.id("sign-in")).click();
    browser.await(By.id("who"));
    go(route);
  }

  private static void go(String route) {
    browser.js("location.hash = arguments[0]", route);
  }

  private static By incident(String id, String part) {
    return By.cssSelector("article.incident[data-id='" + id + "'] " + part);
  }

  private static List<WebElement> neighbourRows() {
    browser.await(By.cssSelector("#neighbours-table tbody tr"));
    return browser.driver.findElements(By.cssSelector("#neighbours-table tbody tr"));
  }

  private static List<String> cells(WebElement row) {
    return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
  }

  /**
   * Similar tickets from distinct requesters, sent as the service desk would while the page is
   * open.
   */
  private void burst(String tenant, List<String> subjects, String prefix) {
    for (int i = 0; i < subjects.size(); i++) {
      Reply r =
          http.postJson(
              "/v1/tenants/" + tenant + "/triage",
              Map.of(
                  "id", prefix + i, "subject", subjects.get(i), "requester", prefix + "-user" + i));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
  }

  private void importHistory(String tenant, List<Ticket> tickets) {
    String ndjson =
        tickets.stream().map(Http.JSON::writeValueAsString).collect(Collectors.joining("\n"));
    JsonNode job =
        http.importHistory(
            "/v1/tenants/" + tenant + "/history",
            tenant + ".ndjson",
            ndjson.getBytes(StandardCharsets.UTF_8),
            Map.of());
    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
  }

  private String newTenantKey(String tenant) {
    Reply reply =
        http.postJson("/v1/admin/tenants/" + tenant + "/keys", Map.of("name", "console test"));
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().path("key").asString();
  }

  private static List<Ticket> demoTickets(int n) {
    List<Ticket> tickets = new ArrayList<>();
    try (InputStream in = new ClassPathResource("demo/tickets.csv").getInputStream()) {
      TicketReader.builder()
          .mapping(ColumnMapping.identity())
          .format(TicketReader.Format.CSV)
          .build()
          .read(
              in,
              t -> {
                if (tickets.size() < n) {
                  tickets.add(t);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tickets;
  }
}
