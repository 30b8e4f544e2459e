package dev.sift.evaluation.replay;

import dev.sift.data.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synthetic major incidents for a replay: each burst is {@code size} lightly perturbed copies of a
 * seed ticket from {@code size} distinct new requesters, arriving as a Poisson process at {@code
 * rate} from a start time drawn from the stream itself (the creation time of a random stream
 * ticket, so bursts follow the desk's busy hours).
 *
 * <p>Everything is drawn from one {@link Random} with the given seed, so the same stream and
 * settings give the same bursts.
 */
final class BurstInjector {

  /**
   * Per word of a copy: chance of dropping it, of swapping it with the next word, of a one-letter
   * typo.
   */
  static final double DROP = 0.08;

  static final double SWAP = 0.08;
  static final double TYPO = 0.08;

  /** Words shorter than this are left without typos, so "VPN" stays recognisable. */
  private static final int MIN_TYPO_LENGTH = 4;

  private static final Pattern RATE = Pattern.compile("(\\d+)/(\\d*)(s|sec|min|h|hour)");

  /**
   * How many bursts, how big, how fast, from which seed tickets (empty: random stream tickets),
   * which seed.
   */
  record Settings(int bursts, int size, Duration meanGap, List<String> seedIds, long seed) {
    Settings {
      if (bursts < 0 || size < 1) {
        throw new IllegalArgumentException(
            "--bursts must be at least 0 and --burst-size at least 1");
      }
      if (meanGap.isNegative() || meanGap.isZero()) {
        throw new IllegalArgumentException("--burst-rate must be positive");
      }
      seedIds = List.copyOf(seedIds);
    }
  }

  private BurstInjector() {}

  /**
   * Parses {@code N/[K]unit}, e.g. {@code 1/2min} (one ticket every two minutes), {@code 3/min},
   * {@code 20/h}.
   */
  static Duration meanGap(String rate) {
    Matcher m = RATE.matcher(rate.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          "--burst-rate is N/[K]unit with unit s, min or h, e.g. 1/2min, not '" + rate + "'");
    }
    long per = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
    Duration unit =
        switch (m.group(3)) {
          case "s", "sec" -> Duration.ofSeconds(per);
          case "min" -> Duration.ofMinutes(per);
          default -> Duration.ofHours(per);
        };
    return unit.dividedBy(Integer.parseInt(m.group(1)));
  }

  /**
   * The injected tickets, oldest first, labelled {@code inject-N}. Seeds and start times come from
   * {@code stream} (the replayed part, oldest first); seeds given by id are looked up in {@code
   * known} (history and stream).
   */
  static List<StreamTicket> inject(List<Ticket> stream, List<Ticket> known, Settings s) {
    if (s.bursts() == 0) {
      return List.of();
    }
    if (stream.isEmpty()) {
      throw new IllegalArgumentException("no replayed tickets to inject bursts into");
    }
    Random random = new Random(s.seed());
    List<Ticket> seeds = seeds(stream, known, s, random);
    List<StreamTicket> out = new ArrayList<>();
    for (int b = 0; b < s.bursts(); b++) {
      Ticket seed = seeds.get(b);
      Instant at = stream.get(random.nextInt(stream.size())).createdAt();
      String label = "inject-" + (b + 1);
      for (int i = 0; i < s.size(); i++) {
        if (i > 0) {
          at = at.plusMillis(Math.round(exponential(random) * s.meanGap().toMillis()));
        }
        String id = label + "-" + (i + 1);
        Ticket copy =
            StreamTicket.copy(
                seed,
                id,
                perturb(seed.subject(), random),
                perturb(seed.body(), random),
                "injected-requester-" + (b + 1) + "-" + (i + 1),
                at);
        out.add(new StreamTicket(copy, label));
      }
    }
    out.sort(java.util.Comparator.comparing(StreamTicket::at));
    return out;
  }

  private static List<Ticket> seeds(
      List<Ticket> stream, List<Ticket> known, Settings s, Random random) {
    List<Ticket> seeds = new ArrayList<>();
    if (!s.seedIds().isEmpty()) {
      for (String id : s.seedIds()) {
        seeds.add(
            known.stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "--burst-seeds names ticket '" + id + "', which is not in the data")));
      }
      // Fewer seeds than bursts: they take turns.
      List<Ticket> cycled = new ArrayList<>();
      for (int b = 0; b < s.bursts(); b++) {
        cycled.add(seeds.get(b % seeds.size()));
      }
      return cycled;
    }
    // Distinct seed tickets while the stream has enough of them.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < stream.size(); i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, random);
    for (int b = 0; b < s.bursts(); b++) {
      seeds.add(stream.get(order.get(b % order.size())));
    }
    return seeds;
  }

  /** A unit-mean exponential draw: the gap of a Poisson process. */
  private static double exponential(Random random) {
    return -Math.log(1 - random.nextDouble());
  }

  /** Drops, swaps and misspells a few words; never returns an empty text for a non-empty one. */
  static String perturb(String text, Random random) {
    if (text == null || text.isBlank()) {
      return text;
    }
    List<String> words = new ArrayList<>(Arrays.asList(text.strip().split("\\s+")));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      double u = random.nextDouble();
      if (u < DROP && words.size() > 1) {
        continue;
      } else if (u < DROP + SWAP && i + 1 < words.size()) {
        out.add(words.get(i + 1));
        out.add(w);
        i++;
      } else if (u < DROP + SWAP + TYPO && w.length() >= MIN_TYPO_LENGTH) {
        out.add(typo(w, random));
      } else {
        out.add(w);
      }
    }
    return out.isEmpty() ? words.getFirst() : String.join(" ", out);
  }

  /** Swaps two neighbouring letters, drops one or doubles one. */
  private static String typo(String w, Random random) {
    int at = 1 + random.nextInt(w.length() - 2);
    StringBuilder s = new StringBuilder(w);
    switch (random.nextInt(3)) {
      case 0 -> {
        char c = s.charAt(at);
        s.setCharAt(at, s.charAt(at + 1));
        s.setCharAt(at + 1, c);
      }
      case 1 -> s.deleteCharAt(at);
      default -> s.insert(at, s.charAt(at));
    }
    return s.toString();
  }
}
