package dev.sift.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.engine.TriageResult.NeighbourView;
import org.junit.jupiter.api.Test;

class NeighbourViewTest {

  private static final int MAX = NeighbourView.MAX_TEXT_CHARS;

  @Test
  void a_text_within_the_limit_is_shown_whole() {
    String atLimit = "a".repeat(MAX);

    assertThat(NeighbourView.bounded(atLimit)).isSameAs(atLimit);
    assertThat(NeighbourView.bounded(null)).isNull();
  }

  @Test
  void a_longer_text_is_cut_to_the_limit_and_ends_with_the_marker() {
    String cut = NeighbourView.bounded("b".repeat(MAX) + "tail");

    assertThat(cut).hasSize(MAX).endsWith(NeighbourView.CUT_MARKER).doesNotContain("tail");
  }

  @Test
  void a_cut_never_splits_a_surrogate_pair() {
    // The pair straddles the cut: the high surrogate would be the last char kept.
    String text =
        "c".repeat(MAX - NeighbourView.CUT_MARKER.length() - 1) + "\uD83D\uDE00" + "d".repeat(10);

    String cut = NeighbourView.bounded(text);

    assertThat(cut).hasSize(MAX - 1).endsWith("c" + NeighbourView.CUT_MARKER);
  }
}
