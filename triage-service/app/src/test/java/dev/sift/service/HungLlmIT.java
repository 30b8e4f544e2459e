package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sift.service.Http.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * An OpenAI-compatible LLM that accepts every request and never answers, behind the default four
 * workers: the LLM's bulkhead and the one triage deadline keep every cold-start triage within
 * {@code sift.llm.timeout} of its arrival and leave workers free for a tenant that never asks the
 * LLM anything.
 */
@TestPropertySource(
    properties = {"sift.llm.provider=openai", "sift.llm.model=gpt-4o-mini", "sift.llm.timeout=3s"})
class HungLlmIT extends RunningService {

  private static final Duration LLM_TIMEOUT = Duration.ofSeconds(3);

  /** Embedding, search and HTTP on two shared cores, on top of the deadline. */
  private static final Duration MARGIN = Duration.ofMillis(1_500);

  /** What "answered promptly" means for the tenant that does not use the LLM. */
  private static final Duration PROMPT = Duration.ofMillis(1_500);

  private static final int COLD_TRIAGES = 8;

  /** Longer than any test: the stub never answers while it runs. */
  private static final long HANG_MS = 60_000;

  private static final int HISTORY = 30;

  private static final HttpServer HUNG_LLM = hungServer();
  private static final AtomicInteger LLM_REQUESTS = new AtomicInteger();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add(
        "sift.llm.base-url", () -> "http://127.0.0.1:" + HUNG_LLM.getAddress().getPort() + "/v1");
  }

  @AfterAll
  static void stopLlm() {
    HUNG_LLM.stop(0);
  }

  private static HttpServer hungServer() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            LLM_REQUESTS.incrementAndGet();
            try {
              Thread.sleep(HANG_MS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Map<String, Object> TAXONOMY =
      Map.of(
          "category",
              List.of(
                  Map.of("name", "Network", "description", "VPN, wifi and connectivity"),
                  Map.of("name", "Hardware", "description", "laptops, printers and monitors")),
          "priority",
              List.of(
                  Map.of("name", "P1", "description", "full outage"),
                  Map.of("name", "P3", "description", "one user, workaround exists")));

  private void putTaxonomyAndAwaitModel(Http http, String tenant) {
    assertThat(http.putJson("/v1/tenants/" + tenant + "/taxonomy", TAXONOMY).status())
        .isIn(200, 201);
    awaitModel(http, tenant);
  }

  /** Waits until the tenant's zero-shot model, built in the background, is ready. */
  private void awaitModel(Http http, String tenant) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"ready"
        .equals(http.getHeader("/v1/tenants/" + tenant + "/taxonomy", "Sift-Cold-Start-Model"))) {
      assertThat(System.nanoTime())
          .as("zero-shot model of %s still building", tenant)
          .isLessThan(deadline);
      LockSupport.parkNanos(50_000_000L);
    }
  }

  /**
   * A tenant whose history is labelled only by subcategory, a field the LLM is never asked about.
   */
  private void historyOnlyTenant(Http http, String tenant) {
    List<Map<String, String>> tickets = new ArrayList<>();
    for (int i = 0; i < HISTORY; i++) {
      boolean vpn = i % 2 == 0;
      tickets.add(
          Map.of(
              "id",
              "H-" + i,
              "subject",
              vpn
                  ? "VPN drops every few minutes, case " + i
                  : "Printer on floor " + i + " is jammed",
              "subcategory",
              vpn ? "VPN" : "Printer"));
    }
    assertThat(http.postJson("/v1/tenants/" + tenant + "/tickets", tickets).status())
        .isIn(200, 201);
  }

  private record Timed(Reply reply, Duration took) {}

  private Timed timedTriage(String tenant, String subject) {
    long start = System.nanoTime();
    Reply r =
        new Http(port).postJson("/v1/tenants/" + tenant + "/triage", Map.of("subject", subject));
    return new Timed(r, Duration.ofNanos(System.nanoTime() - start));
  }

  @Test
  void a_hung_llm_bounds_cold_start_triages_by_the_timeout_and_does_not_delay_other_tenants()
      throws Exception {
    for (int i = 0; i < COLD_TRIAGES; i++) {
      putTaxonomyAndAwaitModel(http, "cold-" + i);
    }
    historyOnlyTenant(http, "calm-co");
    // Its first triage starts the build of a zero-shot model over the subcategories its labels
    // name.
    timedTriage("calm-co", "VPN drops again");
    awaitModel(http, "calm-co");
    Timed warm = timedTriage("calm-co", "VPN drops again");
    assertThat(warm.reply().status()).as(warm.reply().body()).isEqualTo(200);
    assertThat(warm.reply().json().path("degraded").isNull()).as(warm.reply().body()).isTrue();

    ExecutorService clients = Executors.newFixedThreadPool(COLD_TRIAGES);
    try {
      List<CompletableFuture<Timed>> cold = new ArrayList<>();
      for (int i = 0; i < COLD_TRIAGES; i++) {
        String tenant = "cold-" + i;
        cold.add(
            CompletableFuture.supplyAsync(
                () -> timedTriage(tenant, "Laptop will not join the wifi"), clients));
      }
      // Let the cold-start triages reach the workers and the hung LLM first.
      long waitForLlm = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (LLM_REQUESTS.get() == 0 && System.nanoTime() < waitForLlm) {
        LockSupport.parkNanos(10_000_000L);
      }
      assertThat(LLM_REQUESTS.get()).as("requests the hung LLM received").isPositive();

      Timed calm = timedTriage("calm-co", "Printer jammed on floor 3");

      assertThat(calm.reply().status()).as(calm.reply().body()).isEqualTo(200);
      assertThat(calm.reply().json().path("degraded").isNull()).as(calm.reply().body()).isTrue();
      assertThat(calm.took()).as("other tenant's triage while the LLM hangs").isLessThan(PROMPT);
      for (CompletableFuture<Timed> f : cold) {
        Timed t = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(t.reply().status()).as(t.reply().body()).isEqualTo(200);
        assertThat(t.reply().json().path("degraded").asString())
            .isIn("llm-unavailable", "llm-busy");
        assertThat(t.reply().json().path("suggestions").path("category").path("method").asString())
            .isEqualTo("zero-shot");
        assertThat(t.took())
            .as("cold-start triage against a hung LLM")
            .isLessThan(LLM_TIMEOUT.plus(MARGIN));
      }
    } finally {
      clients.shutdownNow();
    }
  }
}
