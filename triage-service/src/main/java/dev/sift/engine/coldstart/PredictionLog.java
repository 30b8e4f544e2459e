package dev.sift.engine.coldstart;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import dev.sift.engine.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every suggestion made, and the final labels of the tickets it was made for, so that live accuracy can be
 * reported per field and method. One append-only NDJSON file per tenant, each line forced to disk before the call
 * returns; kept to the newest {@link #MAX_PREDICTIONS} suggestions by rewriting the file atomically. The one place
 * that reads and writes the log, so that a shared database can take over here.
 */
public final class PredictionLog {

  private static final Logger log = LoggerFactory.getLogger(PredictionLog.class);
  /** Suggestions kept per tenant; the oldest half is dropped when the log grows past this. */
  static final int MAX_PREDICTIONS = 100_000;

  private final Path dir;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ConcurrentHashMap<String, TenantLog> tenants = new ConcurrentHashMap<>();

  /**
   * One field of a logged suggestion.
   *
   * @param value the suggested value, or when abstaining the value that would have been suggested (may be null)
   */
  public record FieldGuess(String value, boolean abstained, double confidence, String method) {}

  /** One line of the log: a suggestion ({@code fields} set) or a ticket's final labels ({@code labels} set). */
  public record Line(String kind, Instant at, String ticketId, String modelVersion, Map<String, FieldGuess> fields,
      Map<String, String> labels) {}

  /**
   * Live figures for one field and method over a window.
   *
   * @param suggestions suggestions made
   * @param scored suggestions whose ticket has since been upserted with a final value for the field
   * @param answered scored suggestions that did not abstain
   * @param accuracy share of answered that were right, null when none
   * @param coverage answered over scored, null when none scored
   * @param abstainRate abstained over all suggestions
   * @param guessAccuracy share of scored whose best guess (answered or not) was right: comparable with a backtest's
   *     accuracy, and what hands a field over from cold start to neighbours
   */
  public record FieldAccuracy(long suggestions, long scored, long answered, Double accuracy, Double coverage,
      Double abstainRate, Double guessAccuracy) {}

  private static final class TenantLog {
    final Deque<Line> predictions = new ArrayDeque<>();
    final Map<String, Map<String, String>> outcomes = new HashMap<>();
    final java.util.Set<String> suggestedIds = new java.util.HashSet<>();

    void add(Line p) {
      predictions.addLast(p);
      if (p.ticketId() != null) {
        suggestedIds.add(p.ticketId());
      }
    }
  }

  public PredictionLog(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create prediction log directory " + dir, e);
    }
  }

  public void record(String tenant, String ticketId, Map<String, FieldGuess> fields, String modelVersion) {
    Line line = new Line("suggestion", clock.instant(), ticketId, modelVersion, fields, null);
    TenantLog t = tenant(tenant);
    synchronized (t) {
      append(tenant, List.of(line));
      t.add(line);
      if (t.predictions.size() > MAX_PREDICTIONS) {
        compact(tenant, t);
      }
    }
  }

  /** Records the final labels of tickets that were suggested for; others are ignored. */
  public void score(String tenant, List<Ticket> tickets) {
    TenantLog t = tenant(tenant);
    synchronized (t) {
      List<Line> lines = new ArrayList<>();
      for (Ticket ticket : tickets) {
        if (!t.suggestedIds.contains(ticket.id())) {
          continue;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (LabelField f : LabelField.values()) {
          if (ticket.label(f) != null) {
            labels.put(f.jsonName(), ticket.label(f));
          }
        }
        if (!labels.isEmpty()) {
          lines.add(new Line("outcome", clock.instant(), ticket.id(), null, null, labels));
        }
      }
      if (lines.isEmpty()) {
        return;
      }
      append(tenant, lines);
      lines.forEach(l -> t.outcomes.put(l.ticketId(), l.labels()));
    }
  }

  /** Figures per field, then per method, for suggestions made in [from, to). */
  public Map<String, Map<String, FieldAccuracy>> accuracy(String tenant, Instant from, Instant to) {
    TenantLog t = tenant(tenant);
    Map<String, Map<String, long[]>> counts = new TreeMap<>();
    synchronized (t) {
      // The newest suggestion per ticket is the one the desk saw; suggestions without an id count once each.
      Map<String, Line> latest = new LinkedHashMap<>();
      List<Line> anonymous = new ArrayList<>();
      for (Line p : t.predictions) {
        if (p.at().isBefore(from) || !p.at().isBefore(to)) {
          continue;
        }
        if (p.ticketId() == null) {
          anonymous.add(p);
        } else {
          latest.put(p.ticketId(), p);
        }
      }
      List<Line> window = new ArrayList<>(latest.values());
      window.addAll(anonymous);
      for (Line p : window) {
        Map<String, String> truth = p.ticketId() == null ? null : t.outcomes.get(p.ticketId());
        p.fields().forEach((field, g) -> {
          // {suggestions, abstained, scored, answered, right when answered, best guess right}
          long[] c = counts.computeIfAbsent(field, k -> new TreeMap<>())
              .computeIfAbsent(g.method(), k -> new long[6]);
          c[0]++;
          c[1] += g.abstained() ? 1 : 0;
          String actual = truth == null ? null : truth.get(field);
          if (actual != null) {
            c[2]++;
            boolean right = actual.equals(g.value());
            if (!g.abstained()) {
              c[3]++;
              c[4] += right ? 1 : 0;
            }
            c[5] += right ? 1 : 0;
          }
        });
      }
    }
    Map<String, Map<String, FieldAccuracy>> out = new TreeMap<>();
    counts.forEach((field, byMethod) -> byMethod.forEach((method, c) -> out.computeIfAbsent(field,
        k -> new TreeMap<>()).put(method, new FieldAccuracy(c[0], c[2], c[3], ratio(c[4], c[3]),
        ratio(c[3], c[2]), ratio(c[1], c[0]), ratio(c[5], c[2])))));
    return out;
  }

  public void deleteTenant(String tenant) {
    TenantLog t = tenant(tenant);
    synchronized (t) {
      t.predictions.clear();
      t.outcomes.clear();
      t.suggestedIds.clear();
      try {
        Files.deleteIfExists(file(tenant));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete prediction log of tenant " + tenant, e);
      }
    }
  }

  private static Double ratio(long a, long b) {
    return b == 0 ? null : a / (double) b;
  }

  private TenantLog tenant(String tenant) {
    return tenants.computeIfAbsent(tenant, this::load);
  }

  private TenantLog load(String tenant) {
    TenantLog t = new TenantLog();
    Path f = file(tenant);
    if (!Files.exists(f)) {
      return t;
    }
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      String s;
      while ((s = r.readLine()) != null) {
        if (s.isBlank()) {
          continue;
        }
        Line line;
        try {
          line = json.readValue(s, Line.class);
        } catch (RuntimeException e) {
          // A crash can leave a torn last line; everything before it was forced to disk whole.
          log.warn("skipping unreadable line in {}: {}", f, e.getMessage());
          continue;
        }
        if ("outcome".equals(line.kind())) {
          t.outcomes.put(line.ticketId(), line.labels());
        } else {
          t.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prediction log " + f, e);
    }
    if (t.predictions.size() > MAX_PREDICTIONS) {
      compact(tenant, t);
    }
    return t;
  }

  private void append(String tenant, List<Line> lines) {
    StringBuilder sb = new StringBuilder();
    for (Line l : lines) {
      sb.append(json.writeValueAsString(l)).append('\n');
    }
    try (FileChannel ch = FileChannel.open(file(tenant), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to prediction log of tenant " + tenant, e);
    }
  }

  private void compact(String tenant, TenantLog t) {
    while (t.predictions.size() > MAX_PREDICTIONS / 2) {
      t.predictions.removeFirst();
    }
    t.suggestedIds.clear();
    t.predictions.forEach(p -> {
      if (p.ticketId() != null) {
        t.suggestedIds.add(p.ticketId());
      }
    });
    t.outcomes.keySet().retainAll(t.suggestedIds);
    StringBuilder sb = new StringBuilder();
    for (Line p : t.predictions) {
      sb.append(json.writeValueAsString(p)).append('\n');
    }
    t.outcomes.forEach((id, labels) -> sb.append(json.writeValueAsString(
        new Line("outcome", clock.instant(), id, null, null, labels))).append('\n'));
    try {
      AtomicFiles.write(file(tenant), sb.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact prediction log of tenant " + tenant, e);
    }
  }

  private Path file(String tenant) {
    return dir.resolve(tenant + ".ndjson");
  }
}
