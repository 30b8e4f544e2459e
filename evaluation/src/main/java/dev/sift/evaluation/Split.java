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
 *   <li>{@code random:FRACTION:SEED}: indices shuffled with {@code Collections.shuffle(list, new
 *       Random(SEED))}; the last FRACTION is the test set. The peers' reference numbers use this
 *       protocol.
 *   <li>{@code time:FRACTION}: the newest FRACTION by {@code createdAt} is the test set.
 *   <li>{@code replay}: no fixed history; every ticket, oldest first, is triaged against all
 *       tickets created before it and then added. {@link #test()} holds the dated tickets in
 *       creation order, {@link #train()} is empty. Tickets without {@code createdAt} are left out
 *       of time and replay splits.
 * </ul>
 */
public record Split(String spec, List<Ticket> train, List<Ticket> test) {

  /** Whether tickets are replayed in creation order rather than split once. */
  public boolean replay() {
    return "replay".equals(spec);
  }

  /**
   * @throws IllegalArgumentException for an unknown or malformed spec, or a time split without
   *     dates
   */
  public static Split of(String spec, List<Ticket> tickets) {
    String[] parts = spec.split(":");
    if ((parts[0].equals("random") && parts.length != 3)
        || (parts[0].equals("time") && parts.length != 2)) {
      throw new IllegalArgumentException(
          "malformed split '" + spec + "'; use random:FRACTION:SEED, time:FRACTION or replay");
    }
    switch (parts[0]) {
      case "replay" -> {
        return new Split(spec, List.of(), byCreation(tickets, spec));
      }
      case "random" -> {
        double fraction = fraction(parts[1], spec);
        long seed = Long.parseLong(parts[2]);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < tickets.size(); i++) {
          idx.add(i);
        }
        Collections.shuffle(idx, new Random(seed));
        int trainSize = (int) Math.round(tickets.size() * (1 - fraction));
        return new Split(
            spec,
            pick(tickets, idx.subList(0, trainSize)),
            pick(tickets, idx.subList(trainSize, idx.size())));
      }
      case "time" -> {
        double fraction = fraction(parts[1], spec);
        List<Ticket> dated = byCreation(tickets, spec);
        int trainSize = (int) Math.round(dated.size() * (1 - fraction));
        return new Split(spec, dated.subList(0, trainSize), dated.subList(trainSize, dated.size()));
      }
      default ->
          throw new IllegalArgumentException(
              "unknown split '"
                  + spec
                  + "'; use random:FRACTION:SEED,"
                  + " time:FRACTION or replay");
    }
  }

  private static double fraction(String s, String spec) {
    double f = Double.parseDouble(s);
    if (!(f > 0 && f < 1)) {
      throw new IllegalArgumentException(
          "split fraction must be between 0 and 1, was " + s + " in '" + spec + "'");
    }
    return f;
  }

  private static List<Ticket> byCreation(List<Ticket> tickets, String spec) {
    List<Ticket> dated =
        tickets.stream()
            .filter(t -> t.createdAt() != null)
            .sorted(Comparator.comparing(Ticket::createdAt).thenComparing(Ticket::id))
            .toList();
    if (dated.isEmpty()) {
      throw new IllegalArgumentException(
          "split '" + spec + "' needs createdAt on the tickets; map a createdAt column");
    }
    return dated;
  }

  private static List<Ticket> pick(List<Ticket> all, List<Integer> idx) {
    List<Ticket> out = new ArrayList<>(idx.size());
    idx.forEach(i -> out.add(all.get(i)));
    return out;
  }
}
