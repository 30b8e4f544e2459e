package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.service.Http.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of writes: the packaged service (the boot jar that {@code package} built
 * before Failsafe runs) is started as its own process, fed concurrent upsert batches and a large
 * history upload, and killed with SIGKILL. Restarted on the same data directory it must start (no
 * stale lock blocks it, the Lucene index opens), every upsert that was acknowledged with a 2xx must
 * be readable, and triage must work. Nothing is asserted about writes that were in flight: they
 * were never acknowledged.
 */
// Minutes: run by scripts/test.sh (CI), not by a plain ./mvnw verify (pom.xml,
// sift.test.excludedGroups).
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CrashDurabilityIT {

  private static final String TENANT = "crash-co";
  private static final int WRITERS = 3;
  private static final int TICKETS_PER_BATCH = 20;

  /**
   * Acknowledged batches to wait for before the kill, so that the kill lands among steady writes.
   */
  private static final int BATCHES_BEFORE_KILL = 12;

  private static final int HISTORY_TICKETS = 20_000;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** Exit status of a process killed by signal 9, as Process reports it on Linux: 128 + 9. */
  private static final int KILLED_BY_SIGKILL = 137;

  /** Exit status of a JVM that ran its shutdown hooks after SIGTERM: 128 + 15. */
  private static final int EXITED_ON_SIGTERM = 143;

  /** Enough history that re-embedding it takes seconds: the SIGTERM lands mid-job. */
  private static final int REEMBED_BATCHES = 3;

  private static final int REEMBED_BATCH_SIZE = 400;

  @TempDir Path work;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopWhatIsLeft() throws InterruptedException {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  @Test
  void every_acknowledged_upsert_survives_a_kill_9_and_the_service_restarts() throws Exception {
    Path dataDir = work.resolve("data");
    // Logs go to target/, where they outlive the temporary directory for a look after a failure.
    Path logs = Files.createDirectories(Path.of("target", "crash-durability"));
    long t0 = System.nanoTime();
    Started first = start(dataDir, logs.resolve("first.log"));
    long startMs = (System.nanoTime() - t0) / 1_000_000;
    Http http = new Http(first.port);
    assertThat(http.postJson("/v1/tenants/" + TENANT + "/tickets", batch("seed", 0)).status())
        .isEqualTo(201);

    Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicInteger acknowledgedBatches = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      String writer = "w" + w;
      writers.add(
          Thread.ofPlatform()
              .name("writer-" + w)
              .start(
                  () -> {
                    for (int n = 0; !stop.get(); n++) {
                      try {
                        Reply reply =
                            http.postJson("/v1/tenants/" + TENANT + "/tickets", batch(writer, n));
                        if (reply.status() / 100 == 2) {
                          for (int i = 0; i < TICKETS_PER_BATCH; i++) {
                            acknowledged.add(id(writer, n, i));
                          }
                          acknowledgedBatches.incrementAndGet();
                        }
                      } catch (UncheckedIOException e) {
                        return; // the server is gone: this batch was never acknowledged
                      }
                    }
                  }));
    }
    AtomicBoolean uploadStarted = new AtomicBoolean();
    Thread upload =
        Thread.ofPlatform()
            .name("history-upload")
            .start(
                () -> {
                  uploadStarted.set(true);
                  try {
                    http.multipart(
                        "/v1/tenants/" + TENANT + "/history", "big.csv", historyCsv(), Map.of());
                  } catch (UncheckedIOException e) {
                    // killed mid-upload, as intended
                  }
                });

    // Kill once writes are steady and the upload is mid-way: its first batch of 500 is stored,
    // 20,000 are not.
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    boolean importing = false;
    while ((acknowledgedBatches.get() < BATCHES_BEFORE_KILL || !importing)
        && System.nanoTime() < deadline) {
      Thread.sleep(250);
      importing =
          uploadStarted.get() && http.get("/v1/tenants/" + TENANT + "/tickets/H-0").status() == 200;
    }
    assertThat(acknowledgedBatches.get())
        .as("batches acknowledged before the kill")
        .isGreaterThanOrEqualTo(BATCHES_BEFORE_KILL);
    assertThat(importing).as("the history upload is being stored when the kill comes").isTrue();

    first.process
        .destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no Lucene close, no lock release
    assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(KILLED_BY_SIGKILL);
    stop.set(true);
    for (Thread t : writers) {
      t.join(Duration.ofSeconds(70));
    }
    upload.join(Duration.ofSeconds(70));
    List<String> mustSurvive = List.copyOf(acknowledged);

    long t1 = System.nanoTime();
    Started second = start(dataDir, logs.resolve("second.log"));
    long restartMs = (System.nanoTime() - t1) / 1_000_000;
    Http after = new Http(second.port);
    List<String> lost = new ArrayList<>();
    for (String id : mustSurvive) {
      Reply reply = after.get("/v1/tenants/" + TENANT + "/tickets/" + id);
      if (reply.status() != 200) {
        lost.add(id + " (" + reply.status() + ")");
      } else {
        assertThat(reply.json().path("subject").asString()).isEqualTo("printer " + id + " jams");
      }
    }
    assertThat(lost)
        .as("acknowledged tickets missing after the restart, of %d", mustSurvive.size())
        .isEmpty();
    Reply triage =
        after.postJson("/v1/tenants/" + TENANT + "/triage", "{\"subject\":\"printer jams again\"}");
    assertThat(triage.status()).as(triage.body()).isEqualTo(200);
    assertThat(triage.json().path("neighbours").size()).isPositive();
    System.out.printf(
        "crash durability: %d acknowledged tickets in %d batches survived kill -9; start %d ms, "
            + "restart after the kill %d ms%n",
        mustSurvive.size(), mustSurvive.size() / TICKETS_PER_BATCH, startMs, restartMs);
  }

  @Test
  void a_second_instance_on_a_busy_data_directory_says_so_in_a_few_lines_and_exits_non_zero()
      throws Exception {
    Path dataDir = work.resolve("busy");
    Path logs = Files.createDirectories(Path.of("target", "crash-durability"));
    start(dataDir, logs.resolve("holder.log"));
    Path log = logs.resolve("second-on-busy.log");

    Process second = launch(freePort(), dataDir, log);

    assertThat(second.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("the second instance exits")
        .isTrue();
    assertThat(second.exitValue()).isNotZero();
    List<String> lines = Files.readAllLines(log);
    assertThat(String.join("\n", lines))
        .contains("is in use by another Sift process")
        .contains("--sift.data-dir=");
    assertThat(lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat "));
  }

  @Test
  void a_sigterm_while_a_reembed_job_runs_stops_the_job_before_the_model_and_the_jvm_exits_cleanly()
      throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "crash-durability"));
    Path log = logs.resolve("sigterm-reembed.log");
    Started s = start(work.resolve("reembed"), log);
    Http http = new Http(s.port);
    for (int b = 0; b < REEMBED_BATCHES; b++) {
      assertThat(
              http.postJson("/v1/tenants/re-co/tickets?source=history", reembedBatch(b)).status()
                  / 100)
          .isEqualTo(2);
    }
    Reply job = http.post("/v1/admin/reembed?tenant=re-co", "application/json", "");
    assertThat(job.status()).as(job.body()).isEqualTo(202);
    String id = job.json().path("id").asString();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!http.get("/v1/jobs/" + id).json().path("phase").asString().startsWith("reembedding")
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(http.get("/v1/jobs/" + id).json().path("state").asString())
        .as("the job is mid-way")
        .isEqualTo("running");

    s.process
        // SIGTERM: Spring closes its beans, the running job and the ONNX session among them.
        .destroy();

    assertThat(s.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log);
    assertThat(output).doesNotContain("SIGSEGV").doesNotContain("A fatal error has been detected");
    assertThat(s.process.exitValue())
        .as("128 + SIGTERM, not 134 (SIGABRT after a crash)")
        .isEqualTo(EXITED_ON_SIGTERM);
  }

  private static String reembedBatch(int b) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < REEMBED_BATCH_SIZE; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":\"R-")
          .append(b)
          .append('-')
          .append(i)
          .append("\",\"subject\":\"Outlook cannot reach the mailbox server ")
          .append(b * REEMBED_BATCH_SIZE + i)
          .append("\",\"body\":\"")
          .append("Since this morning the client shows disconnected and retries. ".repeat(4))
          .append("\",\"category\":\"Email\"}");
    }
    return json.append(']').toString();
  }

  private record Started(Process process, int port) {}

  private Started start(Path dataDir, Path log) throws IOException, InterruptedException {
    int port = freePort();
    Process process = launch(port, dataDir, log);
    Http http = new Http(port);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive())
          .as("the service exited during start-up:%n%s", tail(log))
          .isTrue();
      try {
        if (http.get("/v1/admin/tenants").status() == 200) {
          return new Started(process, port);
        }
      } catch (UncheckedIOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "the service did not start within " + START_TIMEOUT + ":\n" + tail(log));
  }

  private Process launch(int port, Path dataDir, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g",
                "-jar",
                bootJar().toString(),
                "--server.port=" + port,
                "--sift.data-dir=" + dataDir,
                "--sift.limits.rate-per-key=100000",
                "--sift.limits.rate-burst=100000")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // The documented variable; every request below depends on it being bound to
    // sift.security.admin-key.
    builder.environment().put("SIFT_ADMIN_KEY", Http.ADMIN_KEY);
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /** The executable jar built in the package phase, which precedes integration-test. */
  private static Path bootJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("sift-triage-service-.*-exec\\.jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no boot jar in target/; run the package phase"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String batch(String writer, int n) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < TICKETS_PER_BATCH; i++) {
      String id = id(writer, n, i);
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(id)
          .append("\",\"subject\":\"printer ")
          .append(id)
          .append(" jams\",\"category\":\"")
          .append(i % 2 == 0 ? "Hardware" : "Network")
          .append("\"}");
    }
    return json.append(']').toString();
  }

  private static String id(String writer, int n, int i) {
    return writer + "-" + n + "-" + i;
  }

  private static byte[] historyCsv() {
    StringBuilder csv = new StringBuilder("id,subject,body,category\n");
    for (int i = 0; i < HISTORY_TICKETS; i++) {
      csv.append("H-")
          .append(i)
          .append(",VPN drops every ")
          .append(i % 60)
          .append(" minutes,")
          .append("user reports the tunnel resets,Network\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
