package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refit tells how far it has come, step by step, with the real model and index: a progress bar no
 * longer sits still through the minutes a large tenant's calibration takes.
 */
class FitProgressTest {

  private static final int TICKETS = 100;
  private static final String[][] CATEGORIES = {
    {
      "Network",
      "VPN disconnects every few minutes",
      "wifi drops in meeting room",
      "cannot reach the file share"
    },
    {
      "Email",
      "Outlook keeps asking for my password",
      "mailbox is full",
      "calendar invites not arriving"
    },
    {
      "Hardware",
      "laptop battery swollen",
      "printer jams on every page",
      "docking station no display"
    }
  };
  private static final String[] PRIORITIES = {"P2", "P3", "P4"};

  @TempDir Path dir;

  record Report(FitProgress.Step step, long done, long total) {}

  @Test
  void a_refit_reports_every_step_in_order_each_counting_up_to_its_total() {
    List<Report> reports = new ArrayList<>();
    try (Embedder embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
        LuceneVectorIndex index =
            LuceneVectorIndex.builder(dir.resolve("index"), embedder.dimension()).build();
        Engine engine =
            Engine.builder(new TicketStore(embedder, index), dir.resolve("models")).build()) {
      engine.history().store("desk", desk());

      TenantFit fit =
          engine
              .history()
              .refit(
                  "desk",
                  (step, done, total) -> {
                    synchronized (reports) {
                      reports.add(new Report(step, done, total));
                    }
                  });

      assertThat(fit.fields().get("category").backtest().samples()).isEqualTo(TICKETS);
    }
    assertThat(reports.stream().map(Report::step).distinct().toList())
        .as("steps, in the order they ran")
        .containsExactly(FitProgress.Step.values());
    Map<FitProgress.Step, List<Report>> byStep =
        reports.stream().collect(Collectors.groupingBy(Report::step));
    byStep.forEach(
        (step, list) -> {
          assertThat(list.stream().mapToLong(Report::done).toArray())
              .as("%s never goes back", step)
              .isSorted();
          Report last = list.getLast();
          assertThat(last.done())
              .as("%s ends at its total", step)
              .isEqualTo(last.total())
              .isPositive();
          assertThat(list)
              .as("%s keeps its total", step)
              .allSatisfy(r -> assertThat(r.total()).isEqualTo(last.total()));
        });
    assertThat(byStep.get(FitProgress.Step.READING_HISTORY).getLast().total()).isEqualTo(TICKETS);
    assertThat(byStep.get(FitProgress.Step.FINDING_NEIGHBOURS).getLast().total())
        .isEqualTo(TICKETS);
    assertThat(byStep.get(FitProgress.Step.FINDING_NEIGHBOURS))
        .as("one report per ticket searched")
        .hasSize(TICKETS + 1);
    assertThat(byStep.get(FitProgress.Step.FITTING_FIELDS).size())
        .as("reports within the field step, not one")
        .isGreaterThan(2);
    assertThat(Arrays.stream(FitProgress.Step.values()).map(FitProgress.Step::number))
        .containsExactly(1, 2, 3, 4);
  }

  private static List<Ticket> desk() {
    List<Ticket> out = new ArrayList<>(TICKETS);
    for (int i = 0; i < TICKETS; i++) {
      String[] c = CATEGORIES[i % CATEGORIES.length];
      String subject =
          c[1 + (i / CATEGORIES.length) % (c.length - 1)]
              + (i % 2 == 0 ? " since Monday" : " today");
      out.add(
          new Ticket(
              "D-" + i,
              subject,
              null,
              c[0],
              null,
              PRIORITIES[(i / 7) % PRIORITIES.length],
              null,
              null,
              null,
              null,
              null,
              null,
              null));
    }
    return out;
  }
}
