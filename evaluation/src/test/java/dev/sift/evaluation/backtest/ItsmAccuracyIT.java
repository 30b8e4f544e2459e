package dev.sift.evaluation.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.ReadResult;
import dev.sift.embedding.BundledModel;
import dev.sift.engine.EngineSettings;
import dev.sift.evaluation.Exports;
import dev.sift.evaluation.SharedDatasets;
import dev.sift.evaluation.Split;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guards the reference accuracy on the shared itsm-assignment data (80/20 random split, seed 42):
 * Sift's default must keep beating the peers' best (0.724 top-1, Lucene kNN / MiniLM kNN) by a
 * clear margin, and the majority baseline.
 */
class ItsmAccuracyIT {

  /**
   * Above the peers' best top-1 on this split (0.724, FINDINGS.md) by 2.6 points. The default
   * measures 0.755 with its lexical head and 0.746 without (docs/accuracy.md); the floor sits
   * between, so that losing the lexical head, or anything worth as much, fails.
   */
  private static final double DEFAULT_FLOOR = 0.75;

  private static final double PEERS_PRECISION_AT_80 = 0.810;

  /**
   * Share of test tickets the default must answer rather than abstain on. It answers 50% (0.4965
   * abstained) with a 6,000-ticket calibration backtest; the suite measured 45% with the 2,000 of
   * before (docs/accuracy.md, "A calibration sample of 6,000 tickets"): a lower floor would not
   * notice the backtest shrinking back.
   */
  private static final double MIN_ANSWERED = 0.47;

  @Test
  void default_method_beats_the_peers_on_itsm_assignment() throws Exception {
    Path data = SharedDatasets.datasets().resolve("itsm-assignment/tickets.csv");
    ReadResult read =
        Exports.read(
            Map.of(
                "data",
                data.toString(),
                "map",
                "subject=Short description,body=Description,assignmentGroup=Assignment group,requester=Caller"));
    Split split = Split.of("random:0.2:42", read.tickets());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    List<SweepCommand.Score> scores =
        new SweepCommand(new PrintStream(buffer, true, StandardCharsets.UTF_8))
            .run(
                split,
                BundledModel.ALL_MINILM_L6_V2_Q,
                List.of(new SweepCommand.Method("default", EngineSettings.DEFAULTS)),
                "assignmentGroup");
    System.out.print(buffer.toString(StandardCharsets.UTF_8));
    SweepCommand.Score majority = scores.get(0);
    SweepCommand.Score sift = scores.get(1);
    assertThat(majority.accuracy()).isBetween(0.46, 0.47);
    assertThat(sift.accuracy()).isGreaterThan(DEFAULT_FLOOR);
    assertThat(sift.precisionAt80()).isGreaterThan(PEERS_PRECISION_AT_80);
    // Abstaining must buy precision: thresholds rest on the 95% lower bound of the backtest's
    // precision, so answered tickets meet the 0.9 target within the noise of 1,700 test tickets
    // (0.908 measured).
    assertThat(sift.answeredPrecision()).isGreaterThan(0.88);
    assertThat(1 - sift.abstainRate()).isGreaterThan(MIN_ANSWERED);
    assertThat(sift.calibrationError()).isLessThan(0.05);
  }
}
