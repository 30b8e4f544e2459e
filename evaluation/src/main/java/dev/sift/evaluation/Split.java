package dev.sift.evaluation;

import dev.sift.data.Ticket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * How tickets are divided into history and test set.
 *
 * <ul>
 *   <li>{@code random:FRACTION:SEED}: indices shuffled with {@code Collections.shuffle(list, new Random(SEED))};
 *       the last FRACTION is the test set. The peers' reference numbers use this protocol.
 *   <li>{@code time:FRACTION}: the newest FRACTION by {@code createdAt} is the test set.
 * </ul>
 */
public record Split(String spec, List<Ticket> train, List<Ticket> test) {

  public static Split of(String spec, List<Ticket> tickets) {
    String[] parts = spec.split(":");
    switch (parts[0]) {
      case "random" -> {
        double fraction = Double.parseDouble(parts[1]);
        long seed = Long.parseLong(parts[2]);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < tickets.size(); i++) {
          idx.add(i);
        }
        Collections.shuffle(idx, new Random(seed));
        int trainSize = (int) Math.round(tickets.size() * (1 - fraction));
        return new Split(spec, pick(tickets, idx.subList(0, trainSize)),
            pick(tickets, idx.subList(trainSize, idx.size())));
      }
      case "time" -> {
        double fraction = Double.parseDouble(parts[1]);
        List<Ticket> dated = tickets.stream().filter(t -> t.createdAt() != null)
            .sorted(Comparator.comparing(Ticket::createdAt).thenComparing(Ticket::id)).toList();
        if (dated.isEmpty()) {
          throw new IllegalArgumentException("a time split needs createdAt on the tickets");
        }
        int trainSize = (int) Math.round(dated.size() * (1 - fraction));
        return new Split(spec, dated.subList(0, trainSize), dated.subList(trainSize, dated.size()));
      }
      default -> throw new IllegalArgumentException("unknown split '" + spec + "'; use random:F:SEED or time:F");
    }
  }

  private static List<Ticket> pick(List<Ticket> all, List<Integer> idx) {
    List<Ticket> out = new ArrayList<>(idx.size());
    idx.forEach(i -> out.add(all.get(i)));
    return out;
  }
}
