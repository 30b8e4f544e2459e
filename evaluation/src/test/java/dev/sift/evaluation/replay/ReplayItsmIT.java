package dev.sift.evaluation.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.ReadResult;
import dev.sift.data.Ticket;
import dev.sift.evaluation.Exports;
import dev.sift.evaluation.SharedDatasets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The replay end to end on real service-desk text: 1,200 itsm-assignment tickets (drawn with seed
 * 42), spread over two weeks of working hours, the first week as history, the second replayed with
 * ten injected six-ticket bursts.
 */
class ReplayItsmIT {

  private static final int TICKETS = 1_200;
  private static final int BURSTS = 10;

  /**
   * A desk can live with at most one false page per working day. The full stream
   * (docs/incidents.md) stays well below this; a one-week replay of a seventh of the traffic has
   * fewer chances of chance collisions still.
   */
  private static final double MAX_FALSE_ALARMS_PER_WEEK = 5.0;

  /**
   * Six tickets from six requesters in about ten minutes about one thing: the detector should miss
   * few.
   */
  private static final double MIN_DETECTION_RATE = 0.8;

  @TempDir Path tmp;

  @Test
  void detects_most_injected_bursts_in_real_itsm_traffic_with_few_false_alarms() throws Exception {
    Path source = SharedDatasets.datasets().resolve("itsm-assignment/tickets.csv");
    ReadResult read =
        Exports.read(
            Map.of(
                "data",
                source.toString(),
                "map",
                "subject=Short description,body=Description,requester=Caller"));
    List<Ticket> all = new ArrayList<>(read.tickets());
    Collections.shuffle(all, new Random(42));
    Path sample = tmp.resolve("sample.ndjson");
    ObjectMapper json = new ObjectMapper();
    StringBuilder lines = new StringBuilder();
    for (Ticket t : all.subList(0, TICKETS)) {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("id", t.id());
      row.put("subject", t.subject());
      row.put("body", t.body());
      row.put("requester", t.requester());
      lines.append(json.writeValueAsString(row)).append('\n');
    }
    Files.writeString(sample, lines);

    Map<String, String> o = new LinkedHashMap<>();
    o.put("data", sample.toString());
    o.put("map", "id=id,subject=subject,body=body,requester=requester");
    o.put("spread", "2026-01-05:2:42");
    o.put("history", "0.5");
    o.put("bursts", Integer.toString(BURSTS));
    o.put("burst-size", "6");
    o.put("burst-rate", "1/2min");
    o.put("seed", "42");
    o.put("out", tmp.resolve("out").toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonNode r =
        json.readTree(
            new ReplayCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .run(o));
    System.out.print(out.toString(StandardCharsets.UTF_8));
    // The missed bursts, for whoever reads the build log.
    Files.readAllLines(tmp.resolve("out/replay.md")).stream()
        .filter(l -> l.contains("| no |"))
        .forEach(System.out::println);
    assertThat(r.at("/dataset/history").asInt()).isEqualTo(TICKETS / 2);
    assertThat(r.at("/results/bursts").asInt()).isEqualTo(BURSTS);
    assertThat(r.at("/results/detectionRate").asDouble())
        .isGreaterThanOrEqualTo(MIN_DETECTION_RATE);
    assertThat(r.at("/results/meanDelayTickets").asDouble()).isBetween(3.0, 6.0);
    assertThat(r.at("/dataset/weeks").asDouble()).isGreaterThan(0.5);
    assertThat(r.at("/results/falseAlarmsPerWeek").asDouble())
        .isLessThan(MAX_FALSE_ALARMS_PER_WEEK);
  }
}
