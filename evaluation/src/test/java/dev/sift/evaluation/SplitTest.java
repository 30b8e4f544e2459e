package dev.sift.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.data.Ticket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  /** Ticket i is created i hours after T0, listed newest first so that order matters. */
  private static final List<Ticket> TEN =
      IntStream.range(0, 10)
          .map(i -> 9 - i)
          .mapToObj(
              i ->
                  Ticket.builder("t" + i)
                      .subject("ticket " + i)
                      .createdAt(T0.plusSeconds(3600L * i))
                      .build())
          .toList();

  @Test
  void random_split_shuffles_indices_with_the_given_seed_like_the_peers() {
    Split s = Split.of("random:0.2:42", TEN);
    List<Integer> idx = new ArrayList<>(IntStream.range(0, 10).boxed().toList());
    Collections.shuffle(idx, new Random(42));
    assertThat(s.train()).hasSize(8);
    assertThat(s.test()).containsExactly(TEN.get(idx.get(8)), TEN.get(idx.get(9)));
    assertThat(s.train()).doesNotContainAnyElementsOf(s.test());
    assertThat(Split.of("random:0.2:42", TEN)).isEqualTo(s);
  }

  @Test
  void time_split_keeps_the_oldest_as_history_and_the_newest_as_test() {
    Split s = Split.of("time:0.3", TEN);
    assertThat(s.train())
        .extracting(Ticket::id)
        .containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6");
    assertThat(s.test()).extracting(Ticket::id).containsExactly("t7", "t8", "t9");
  }

  @Test
  void replay_orders_every_dated_ticket_by_creation_with_no_fixed_history() {
    Split s = Split.of("replay", TEN);
    assertThat(s.replay()).isTrue();
    assertThat(s.train()).isEmpty();
    assertThat(s.test())
        .extracting(Ticket::id)
        .containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9");
  }

  @Test
  void time_and_replay_splits_need_creation_dates() {
    List<Ticket> undated = List.of(Ticket.builder("x").subject("no date").build());
    assertThatThrownBy(() -> Split.of("replay", undated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("createdAt");
    assertThatThrownBy(() -> Split.of("time:0.2", undated)).hasMessageContaining("createdAt");
  }

  @Test
  void malformed_specs_fail_with_the_accepted_forms() {
    assertThatThrownBy(() -> Split.of("random:0.2", TEN))
        .hasMessageContaining("random:FRACTION:SEED");
    assertThatThrownBy(() -> Split.of("time:1.5", TEN)).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> Split.of("kfold:5", TEN)).hasMessageContaining("unknown split");
  }
}
