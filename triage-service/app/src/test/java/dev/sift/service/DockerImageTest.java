package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Dockerfile, .dockerignore and compose file, checked without a Docker engine (none runs here):
 * what goes into the image, who it runs as, and that its health probe really tells an up service
 * from a down one.
 */
class DockerImageTest {

  private static final Path ROOT = Path.of("..", "..");
  private static final String PORT = "8080";
  private static final long PROBE_TIMEOUT_SECONDS = 10;

  @Test
  void the_build_context_leaves_out_local_state_build_output_and_history() throws IOException {
    List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));

    assertThat(ignored).contains("data", ".git", "**/target");
  }

  @Test
  void the_image_runs_as_a_non_root_user_with_lucene_simd_and_a_healthcheck() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

    assertThat(runtime).containsPattern("(?m)^USER sift$").contains("useradd --system");
    assertThat(runtime)
        .contains("HEALTHCHECK")
        .contains("\"--add-modules\", \"jdk.incubator.vector\"");
  }

  @Test
  @SuppressWarnings("unchecked")
  void ollama_is_published_on_the_loopback_interface_only() throws IOException {
    Map<String, Object> ollama = (Map<String, Object>) services().get("ollama");

    assertThat((List<String>) ollama.get("ports"))
        .allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
  }

  @Test
  void the_image_probe_tells_an_up_service_from_a_down_one() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    String script =
        dockerfile.substring(
            dockerfile.indexOf("CMD bash -c '") + "CMD bash -c '".length(),
            dockerfile.lastIndexOf("'\n"));
    assertProbe(script);
  }

  @Test
  @SuppressWarnings("unchecked")
  void the_compose_probe_tells_an_up_service_from_a_down_one() throws Exception {
    Map<String, Object> sift = (Map<String, Object>) services().get("sift");
    List<String> test = (List<String>) ((Map<String, Object>) sift.get("healthcheck")).get("test");
    assertThat(test.subList(0, 3)).containsExactly("CMD", "bash", "-c");
    assertProbe(test.get(3));
  }

  /**
   * Runs the probe against a stand-in health endpoint: exit 0 while it says UP, non-zero once it
   * says DOWN.
   */
  private static void assertProbe(String script) throws Exception {
    AtomicReference<String> status = new AtomicReference<>("UP");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/actuator/health",
        exchange -> {
          byte[] body = ("{\"status\":\"" + status.get() + "\"}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders("UP".equals(status.get()) ? 200 : 503, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      assertThat(script).contains("127.0.0.1/" + PORT);
      String local =
          script.replace("127.0.0.1/" + PORT, "127.0.0.1/" + server.getAddress().getPort());
      assertThat(run(local)).as("probe against an UP service").isZero();
      status.set("DOWN");
      assertThat(run(local)).as("probe against a DOWN service").isNotZero();
    } finally {
      server.stop(0);
    }
  }

  private static int run(String script) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    assertThat(p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() throws IOException {
    return (Map<String, Object>)
        ((Map<String, Object>)
                new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))))
            .get("services");
  }
}
