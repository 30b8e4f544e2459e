package dev.sift.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line re-embed after a model change, with two real bundled models and a real index.
 */
class ReembedCommandTest {

  private static final String OLD = "--sift.embedding.model=all-minilm-l6-v2-q";
  private static final String NEW = "--sift.embedding.model=all-minilm-l6-v2";

  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int reembed(String... args) {
    out.reset();
    err.reset();
    return ReembedCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void reembeds_every_tenant_on_another_model_and_then_finds_nothing_to_do() throws Exception {
    Path data = tmp.resolve("data");
    Path file = tmp.resolve("h.csv");
    Files.writeString(
        file,
        """
        id,subject,category
        1,VPN drops at home,Network
        2,Printer jams on floor two,Hardware
        3,Outlook asks for my password,Email
        """);
    for (String tenant : new String[] {"acme", "globex"}) {
      int imported =
          ImportCommand.run(
              new String[] {
                "--tenant", tenant, "--file", file.toString(), "--data-dir", data.toString(), OLD
              },
              new PrintStream(out),
              new PrintStream(err));
      assertThat(imported).isZero();
    }
    assertThat(reembed("--data-dir", data.toString(), OLD)).isZero();
    assertThat(out()).contains("Every tenant (2) is on all-minilm-l6-v2-q; nothing to re-embed.");

    int exit = reembed("--data-dir", data.toString(), NEW);

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out())
        .contains("Re-embedded tenant 'acme': 3 tickets with all-minilm-l6-v2 in")
        .contains("Re-embedded tenant 'globex': 3 tickets with all-minilm-l6-v2 in");
    assertThat(reembed("--data-dir", data.toString(), NEW)).isZero();
    assertThat(out()).contains("Every tenant (2) is on all-minilm-l6-v2; nothing to re-embed.");
  }

  @Test
  void help_prints_the_usage_with_the_exit_statuses() {
    assertThat(reembed("--help")).isZero();
    assertThat(out())
        .contains("Usage: java -jar sift.jar reembed [options]")
        .contains("--tenant=NAME")
        .contains("--data-dir=DIR")
        .contains("--sift.KEY=VALUE")
        .contains("Exit status: 0 all on the configured model, 1 a tenant failed, 2 bad usage.");
  }

  @Test
  void bad_usage_is_exit_two_and_an_unknown_tenant_exit_one() {
    assertThat(reembed("--tenant")).isEqualTo(ReembedCommand.USAGE);
    assertThat(reembed("--tenant", "Not Valid")).isEqualTo(ReembedCommand.USAGE);
    assertThat(reembed("--frobnicate")).isEqualTo(ReembedCommand.USAGE);
    assertThat(reembed("--tenant", "nobody", "--data-dir", tmp.resolve("empty").toString()))
        .isEqualTo(ReembedCommand.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no tenant 'nobody'");
  }
}
