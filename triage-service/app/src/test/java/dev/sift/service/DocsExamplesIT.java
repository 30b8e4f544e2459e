package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Docs that run: every shell example with a {@code curl} in README.md and docs/*.md is run with
 * bash, in document order, against a started instance with the demo tenant, from the repository
 * root (so paths in the examples are the repository's). {@code $SIFT_ADMIN_KEY} is this instance's
 * admin key; the demo key {@code sift-demo-key} is the real one. Every {@code curl} fails on an
 * HTTP error status ({@code --fail-with-body}), and a block fails on any failing command ({@code
 * set -euo pipefail}), so an example that answers 401 fails here.
 *
 * <p>An example that cannot run in a test (it needs a file the repository does not hold, a stopped
 * service, or Docker) is marked in the docs by {@code <!-- not-run: reason -->} on the line before
 * its fence; it is skipped and counted, and its reason must say something.
 */
@TestPropertySource(
    properties = {
      "sift.demo.enabled=true",
      // The connector "Try it with curl" in connectors.md posts to; its write-back goes nowhere.
      "sift.connectors.zammad.desk.tenant=demo",
      "sift.connectors.zammad.desk.token=zammad-agent-token",
      "sift.connectors.zammad.desk.secret=" + DocsExamplesIT.ZAMMAD_SECRET,
      "sift.connectors.zammad.desk.write-back=false",
      "sift.connectors.zammad.desk.base-url=http://127.0.0.1:9"
    })
class DocsExamplesIT extends RunningService {

  static final String ZAMMAD_SECRET = "docs-zammad-secret";
  private static final Pattern FENCE =
      Pattern.compile("(?ms)^```(bash|sh|shell)[ \\t]*\\n(.*?)^```");
  private static final Pattern NOT_RUN = Pattern.compile("<!--\\s*not-run:\\s*(.*?)\\s*-->");
  private static final String DOCUMENTED_URL = "http://localhost:8080";
  private static final long BLOCK_TIMEOUT_SECONDS = 90;

  /** Fails a block on the first failing command, and every curl on an HTTP error status. */
  private static final String PRELUDE =
      """
      set -euo pipefail
      curl() { command curl --fail-with-body --silent --show-error --max-time 60 "$@"; }
      """;

  record Example(String where, String script, String notRunReason) {}

  @Test
  void every_curl_example_in_the_readme_and_docs_runs_against_a_started_instance()
      throws Exception {
    Path root = repositoryRoot();
    List<Example> examples = examples(root);
    List<String> failures = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int ran = 0;
    for (Example e : examples) {
      if (e.notRunReason() != null) {
        assertThat(e.notRunReason()).as("reason of the not-run mark at %s", e.where()).isNotBlank();
        skipped.add(e.where() + " (" + e.notRunReason() + ")");
        continue;
      }
      ran++;
      String failure = run(root, e);
      if (failure != null) {
        failures.add(failure);
      }
    }
    System.out.printf(
        "docs examples: %d run, %d skipped as not-run:%n  %s%n",
        ran, skipped.size(), String.join("\n  ", skipped));
    assertThat(failures).as("examples that failed").isEmpty();
    assertThat(ran).as("examples run").isGreaterThanOrEqualTo(skipped.size());
  }

  /** Runs one example; null when it succeeded, else what it printed. */
  private String run(Path root, Example e) throws IOException, InterruptedException {
    String script = PRELUDE + e.script().replace(DOCUMENTED_URL, "http://localhost:" + port);
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", script).directory(root.toFile()).redirectErrorStream(true);
    pb.environment().put("SIFT_ADMIN_KEY", Http.ADMIN_KEY);
    pb.environment().put("ZAMMAD_WEBHOOK_SECRET", ZAMMAD_SECRET);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(BLOCK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return e.where() + ": timed out";
    }
    String printed = new String(out, StandardCharsets.UTF_8);
    System.out.printf("--- %s: exit %d%n%s%n", e.where(), p.exitValue(), abbreviate(printed));
    return p.exitValue() == 0
        ? null
        : e.where() + ": exit " + p.exitValue() + ": " + abbreviate(printed);
  }

  /** The shell blocks with a curl of README.md and docs/*.md, in file order then document order. */
  static List<Example> examples(Path root) throws IOException {
    List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<Example> out = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher m = FENCE.matcher(text);
      while (m.find()) {
        String body = m.group(2);
        if (!body.contains("curl")) {
          continue;
        }
        String where =
            root.relativize(file) + ":" + (text.substring(0, m.start()).split("\n", -1).length);
        out.add(new Example(where, body, notRunReason(text.substring(0, m.start()))));
      }
    }
    return out;
  }

  /** The reason of a not-run mark on the last non-blank line before a fence, or null. */
  private static String notRunReason(String before) {
    String[] lines = before.stripTrailing().split("\n");
    Matcher m = NOT_RUN.matcher(lines[lines.length - 1]);
    return m.find() ? m.group(1) : null;
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null
        && !(Files.isRegularFile(dir.resolve("README.md"))
            && Files.isDirectory(dir.resolve("docs"))
            && Files.isDirectory(dir.resolve("triage-service")))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("repository root above %s", Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  private static String abbreviate(String s) {
    return s.length() <= 2_000 ? s : s.substring(0, 2_000) + "...";
  }
}
