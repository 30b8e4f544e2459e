package dev.sift.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.lucene.LuceneVectorIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line import, run in-process with the real model and a real index in a temporary
 * directory.
 */
class ImportCommandTest {

  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ImportCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void imports_a_mapped_csv_with_custom_dates_and_reports_skipped_rows() throws IOException {
    Path file = tmp.resolve("servicenow.csv");
    Files.writeString(
        file,
        """
        Number,Short description,Description,Category,Opened,Resolved
        INC001,Monitor flickers,Second screen flickers on the docking station,Hardware,01/May/26 09:30,01/May/26 11:00
        INC002,,,Hardware,01/May/26 09:30,
        INC003,Cannot open SAP,SAP GUI crashes at start,Software,02/May/26 14:00,02/May/26 14:45
        INC004,VPN slow,VPN is very slow from the hotel,Network,someday,
        """);
    Path dataDir = tmp.resolve("data");

    int exit =
        run(
            "--tenant",
            "acme",
            "--file",
            file.toString(),
            "--data-dir",
            dataDir.toString(),
            "--map",
            "id=Number,subject=Short description,body=Description,category=Category,createdAt=Opened,"
                + "resolvedAt=Resolved",
            "--date-format=dd/MMM/yy HH:mm");

    assertThat(exit).as(err()).isZero();
    assertThat(out())
        .contains("Imported 2 tickets into tenant 'acme' (new tenant)")
        .contains("tickets/s")
        .contains("Rows read: 4; imported: 2; skipped: 2.")
        .contains("line 3: no subject and no body")
        .contains("line 5: unparseable createdAt");
    assertThat(err()).contains("100%").contains("Calibrating tenant 'acme'");
    assertThat(dataDir.resolve("models").resolve("acme.json")).exists();
    try (LuceneVectorIndex index =
        LuceneVectorIndex.builder(dataDir.resolve("index"), 384).build()) {
      assertThat(index.count("acme")).isEqualTo(2);
      assertThat(index.get("acme", "INC001")).isPresent();
    }
  }

  @Test
  void replace_rebuilds_the_tenant_from_the_new_file_alone() throws IOException {
    Path first = tmp.resolve("first.csv");
    Files.writeString(
        first, "id,subject,category\nA1,VPN drops,Network\nA2,Printer jams,Hardware\n");
    Path second = tmp.resolve("second.csv");
    Files.writeString(second, "id,subject,category\nB1,Outlook crashes,Email\n");
    Path dataDir = tmp.resolve("data");
    assertThat(
            run("--tenant", "acme", "--file", first.toString(), "--data-dir", dataDir.toString()))
        .isZero();

    int exit =
        run(
            "--tenant",
            "acme",
            "--file",
            second.toString(),
            "--data-dir",
            dataDir.toString(),
            "--replace");

    assertThat(exit).as(err()).isZero();
    assertThat(err()).contains("Swapping the rebuilt index");
    try (var dirs = Files.list(dataDir.resolve("index"))) {
      assertThat(dirs.map(p -> p.getFileName().toString()).toList()).containsExactly("acme");
    }
    try (var index =
        dev.sift.index.lucene.LuceneVectorIndex.builder(dataDir.resolve("index"), 384).build()) {
      assertThat(index.count("acme")).isEqualTo(1);
      assertThat(index.get("acme", "B1")).isPresent();
    }
  }

  @Test
  void importing_nothing_fails() throws IOException {
    Path file = tmp.resolve("empty.csv");
    Files.writeString(file, "subject,body\n,\n");

    int exit =
        run(
            "--tenant",
            "acme",
            "--file",
            file.toString(),
            "--data-dir",
            tmp.resolve("data").toString());

    assertThat(exit).isEqualTo(ImportCommand.FAILED);
    assertThat(out()).contains("skipped: 1");
    assertThat(err()).contains("nothing was imported");
  }

  @Test
  void a_file_that_does_not_fit_the_mapping_fails() throws IOException {
    Path file = tmp.resolve("other.csv");
    Files.writeString(file, "Summary,Details\nVPN down,Cannot connect\n");

    int exit =
        run(
            "--tenant",
            "acme",
            "--file",
            file.toString(),
            "--data-dir",
            tmp.resolve("data").toString());

    assertThat(exit).isEqualTo(ImportCommand.FAILED);
    assertThat(err()).contains("import failed").contains("Summary");
  }

  @Test
  void help_prints_usage() {
    assertThat(run("--help")).isZero();
    assertThat(out())
        .contains("Usage: java -jar sift.jar import --tenant NAME --file PATH")
        .contains("--replace")
        .contains("--sift.KEY=VALUE")
        .contains("Exit status: 0 imported, 1 failed or nothing imported, 2 bad usage.");
  }

  @Test
  void bad_usage_exits_with_two_before_loading_anything() {
    assertThat(run()).isEqualTo(ImportCommand.USAGE);
    assertThat(err()).contains("Missing required options: '--tenant=NAME', '--file=PATH'");
    assertThat(run("--tenant", "ACME", "--file", "x.csv")).isEqualTo(ImportCommand.USAGE);
    assertThat(run("--tenant", "acme")).isEqualTo(ImportCommand.USAGE);
    assertThat(run("--tenant", "acme", "--file", "x.csv", "--colour", "red"))
        .isEqualTo(ImportCommand.USAGE);
    assertThat(run("--tenant", "acme", "--file", "x.csv", "--map", "subject"))
        .isEqualTo(ImportCommand.USAGE);
    assertThat(run("--tenant", "acme", "--file", "x.csv", "--format", "xml"))
        .isEqualTo(ImportCommand.USAGE);
    assertThat(err()).contains("unknown option --colour").contains("invalid column mapping");
  }

  @Test
  void settings_pass_on_only_with_a_value_and_stray_or_repeated_arguments_are_bad_usage() {
    assertThat(run("--tenant", "acme", "--file", "x.csv", "--sift.embedding.model"))
        .isEqualTo(ImportCommand.USAGE);
    assertThat(run("--tenant", "acme", "--file", "x.csv", "stray")).isEqualTo(ImportCommand.USAGE);
    assertThat(run("--tenant", "acme", "--tenant", "globex", "--file", "x.csv"))
        .isEqualTo(ImportCommand.USAGE);
    assertThat(err())
        .contains("option --sift.embedding.model needs a value: --sift.embedding.model=VALUE")
        .contains("unexpected argument 'stray'")
        .contains("option '--tenant' (NAME) should be specified only once")
        .contains("Run 'java -jar sift.jar import --help' for usage.");
  }

  @Test
  void a_missing_file_fails() {
    assertThat(run("--tenant", "acme", "--file", tmp.resolve("missing.csv").toString()))
        .isEqualTo(ImportCommand.FAILED);
    assertThat(err()).contains("cannot read file");
  }
}
