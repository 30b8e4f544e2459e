package dev.sift.evaluation.replay;

import dev.sift.data.ColumnMapping;
import dev.sift.data.ReadResult;
import dev.sift.data.Ticket;
import dev.sift.data.TicketReader;
import dev.sift.evaluation.BadInputException;
import dev.sift.evaluation.Exports;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The history to import and the stream to replay, oldest first, injected bursts included. */
record ReplayStream(
    String path, int rows, List<Ticket> history, List<StreamTicket> replay, int injected) {

  /** The pseudo-field of {@code --map} naming the column that labels a ticket's burst. */
  static final String BURST_FIELD = "burst";

  /**
   * Reads the export of {@code --data}, dates it ({@code --spread} when it has no timestamps),
   * splits it at {@code --history} or {@code --history-until}, and adds the injected bursts;
   * warnings go to {@code err}.
   */
  static ReplayStream read(Map<String, String> o, BurstInjector.Settings injection, PrintStream err)
      throws IOException {
    Map<String, String> readOptions = new HashMap<>(o);
    String burstColumn = splitBurstColumn(o, readOptions);
    ReadResult data = Exports.readChecked(readOptions, err);
    List<Ticket> tickets = data.tickets();
    if (o.containsKey("spread")) {
      tickets = ArrivalTimes.spread(tickets, o.get("spread"));
    }
    List<Ticket> dated =
        tickets.stream()
            .filter(t -> t.createdAt() != null)
            .sorted(Comparator.comparing(Ticket::createdAt))
            .toList();
    if (dated.size() < 2) {
      throw new BadInputException(
          "a replay needs tickets with createdAt: map createdAt, or give"
              + " --spread START:WEEKS:SEED for an export without timestamps");
    }
    if (dated.size() < tickets.size()) {
      err.println(
          "warning: "
              + (tickets.size() - dated.size())
              + " tickets without createdAt are left out");
    }
    int cut = historyCut(o, dated);
    List<Ticket> history = dated.subList(0, cut);
    List<Ticket> replayed = dated.subList(cut, dated.size());
    if (replayed.isEmpty()) {
      throw new BadInputException("nothing left to replay after the history split");
    }
    Map<String, String> labels =
        burstColumn == null ? Map.of() : burstLabels(readOptions, burstColumn);
    List<StreamTicket> replay = new ArrayList<>();
    for (Ticket t : replayed) {
      replay.add(new StreamTicket(t, labels.get(t.id())));
    }
    List<StreamTicket> injected = BurstInjector.inject(replayed, dated, injection);
    replay.addAll(injected);
    // Stable: at the same instant a real ticket comes before an injected one.
    replay.sort(Comparator.comparing(StreamTicket::at));
    return new ReplayStream(
        o.get("data"), (int) data.report().rowsRead(), history, replay, injected.size());
  }

  private static int historyCut(Map<String, String> o, List<Ticket> dated) {
    if (o.containsKey("history-until")) {
      Instant until = Instant.parse(o.get("history-until"));
      int cut = 0;
      while (cut < dated.size() && dated.get(cut).createdAt().isBefore(until)) {
        cut++;
      }
      return cut;
    }
    double fraction = Double.parseDouble(o.getOrDefault("history", "0.5"));
    if (fraction < 0 || fraction >= 1) {
      throw new BadInputException(
          "--history is the share of tickets used as history, in [0, 1), was " + fraction);
    }
    return (int) Math.round(dated.size() * fraction);
  }

  /**
   * Takes {@code burst=COLUMN} out of {@code --map}, which the ticket reader would reject; returns
   * COLUMN.
   */
  static String splitBurstColumn(Map<String, String> o, Map<String, String> readOptions) {
    if (!o.containsKey("map")) {
      return null;
    }
    String column = null;
    List<String> kept = new ArrayList<>();
    // Entries are split as ColumnMapping does, keeping a "\," escape inside a header.
    for (String entry : o.get("map").split("(?<!\\\\),")) {
      int eq = entry.indexOf('=');
      if (eq > 0 && entry.substring(0, eq).strip().equals(BURST_FIELD)) {
        column = entry.substring(eq + 1).strip();
      } else {
        kept.add(entry);
      }
    }
    readOptions.put("map", String.join(",", kept));
    return column;
  }

  /**
   * Ticket id to burst label, read in a second pass with the burst column mapped as the subject
   * (rows with an empty burst column are skipped by the reader, which is what we want). Ids match
   * the first pass: the id column when mapped, the record number otherwise.
   */
  private static Map<String, String> burstLabels(Map<String, String> readOptions, String column) {
    Map<String, String> mapping = new LinkedHashMap<>();
    String id = ColumnMapping.parse(readOptions.get("map")).asMap().get("id");
    if (id != null) {
      mapping.put("id", id);
    }
    mapping.put("subject", column);
    Map<String, String> labels = new HashMap<>();
    TicketReader.builder()
        .mapping(ColumnMapping.of(mapping))
        .build()
        .read(Path.of(readOptions.get("data")), t -> labels.put(t.id(), t.subject().strip()));
    return labels;
  }
}
