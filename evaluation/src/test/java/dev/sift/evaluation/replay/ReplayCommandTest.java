package dev.sift.evaluation.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.evaluation.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The replay command end to end on a hand-built CSV (four weeks of routine history, one week
 * replayed with an outage labelled in a {@code burst} column), with the real ONNX model, real
 * Lucene and the real detector.
 */
class ReplayCommandTest {

  private static final Instant HISTORY_START = Instant.parse("2026-02-02T00:00:00Z");
  private static final Instant REPLAY_START = HISTORY_START.plus(Duration.ofDays(28));
  private static final String[] ROUTINE = {
    "Printer on floor 2 jams",
    "VPN disconnects at home",
    "New laptop request",
    "SAP login error",
    "Monitor flickers",
    "Please reset my password"
  };
  private static final String[] OUTAGE = {
    "Outlook not loading",
    "outlook is not loading at all",
    "Outlook won't load this morning",
    "Outlook not loading and stuck on loading profile",
    "outlook does not load"
  };
  private static final String MAP =
      "id=id,subject=title,body=body,requester=user,createdAt=opened,burst=burst";

  @TempDir Path tmp;

  /**
   * Routine topics in turn every four hours for five weeks; an outage on the Wednesday of the
   * fifth.
   */
  private Path csv() throws Exception {
    StringBuilder s = new StringBuilder("id,title,body,user,opened,burst\n");
    Instant end = REPLAY_START.plus(Duration.ofDays(7));
    int i = 0;
    for (Instant t = HISTORY_START.plus(Duration.ofMinutes(30));
        t.isBefore(end);
        t = t.plus(Duration.ofHours(4))) {
      s.append("r")
          .append(i)
          .append(',')
          .append(ROUTINE[i % ROUTINE.length])
          .append(",routine ticket,user")
          .append(i % 25)
          .append(',')
          .append(t)
          .append(",\n");
      i++;
    }
    Instant outage =
        REPLAY_START
            .plus(Duration.ofDays(2))
            .plus(Duration.ofHours(10))
            .plus(Duration.ofMinutes(7));
    for (int k = 0; k < OUTAGE.length; k++) {
      s.append("o")
          .append(k)
          .append(',')
          .append(OUTAGE[k])
          .append(",since this morning,caller")
          .append(k)
          .append(',')
          .append(outage.plus(Duration.ofMinutes(2L * k)))
          .append(",outage-1\n");
    }
    Path file = tmp.resolve("stream.csv");
    Files.writeString(file, s);
    return file;
  }

  private Map<String, String> options() throws Exception {
    Map<String, String> o = new HashMap<>();
    o.put("data", csv().toString());
    o.put("map", MAP);
    o.put("history-until", REPLAY_START.toString());
    o.put("bursts", "2");
    o.put("burst-size", "5");
    o.put("burst-rate", "1/2min");
    o.put("seed", "42");
    o.put("out", tmp.resolve("out").toString());
    return o;
  }

  @Test
  void detects_the_labelled_outage_and_the_injected_bursts_without_false_alarms_on_routine_traffic()
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String json =
        new ReplayCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .run(options());
    assertThat(Files.readString(tmp.resolve("out/replay.json"))).isEqualTo(json + "\n");
    assertThat(Files.readString(tmp.resolve("out/replay.md")))
        .contains("outage-1", "inject-1", "inject-2");
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("replay: 3 bursts, 3 detected");
    JsonNode r = new ObjectMapper().readTree(json);
    assertThat(r.at("/dataset/history").asInt()).isEqualTo(168);
    assertThat(r.at("/dataset/replayed").asInt()).isEqualTo(42 + 5 + 10);
    assertThat(r.at("/dataset/injected").asInt()).isEqualTo(10);
    assertThat(r.at("/results/detectionRate").asDouble()).isEqualTo(1.0);
    JsonNode outage = null;
    for (JsonNode b : r.get("bursts")) {
      if (b.get("burst").asString().equals("outage-1")) {
        outage = b;
      }
    }
    assertThat(outage).isNotNull();
    assertThat(outage.get("size").asInt()).isEqualTo(5);
    // Three is the detector's minimum; a five-ticket outage must be flagged before its last ticket.
    assertThat(outage.get("delayTickets").asInt()).isBetween(3, 4);
    assertThat(outage.get("delayMinutes").asDouble())
        .isEqualTo(2.0 * (outage.get("delayTickets").asInt() - 1));
    // Routine topics arrive one every 24 hours each: nothing in them is improbable.
    assertThat(r.at("/results/falseAlarms").asInt()).isZero();
    assertThat(r.get("candidates"))
        .allSatisfy(c -> assertThat(c.get("reason").asString()).contains("requesters"));
  }

  @Test
  void a_sweep_replays_the_same_stream_once_per_setting() throws Exception {
    Map<String, String> o = options();
    o.put("min-tickets", "3,6");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonNode r =
        new ObjectMapper()
            .readTree(
                new ReplayCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run(o));
    assertThat(r.get("sweep")).hasSize(2);
    assertThat(r.at("/sweep/0/results/detected").asInt()).isEqualTo(3);
    // No burst has six tickets, so none can be flagged when six are required.
    assertThat(r.at("/sweep/1/results/detected").asInt()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
  }

  @Test
  void refuses_undated_data_and_conflicting_splits_with_a_message_naming_the_fix()
      throws Exception {
    Map<String, String> undated = options();
    undated.put("map", "id=id,subject=title,requester=user");
    ReplayCommand command =
        new ReplayCommand(
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream()));
    assertThatThrownBy(() -> command.run(undated))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--spread");
    Map<String, String> both = options();
    both.put("history", "0.5");
    assertThatThrownBy(() -> command.run(both)).hasMessageContaining("not both");
    Map<String, String> unknown = options();
    unknown.put("burts", "3");
    assertThatThrownBy(() -> command.run(unknown)).hasMessageContaining("--burts");
  }
}
