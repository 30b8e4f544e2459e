package dev.sift.evaluation.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.data.Ticket;
import dev.sift.evaluation.BadInputException;
import dev.sift.evaluation.report.HistoryPoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * History sizes and the subsampling behind the learning curve (seed {@link
 * LearningCurve#SUBSAMPLE_SEED}).
 */
class LearningCurveTest {

  private static final List<Ticket> HISTORY =
      IntStream.range(0, 50)
          .mapToObj(i -> Ticket.builder("h" + i).subject("history ticket " + i).build())
          .toList();

  @Test
  void sizes_are_ordered_smallest_first_with_all_last() {
    assertThat(LearningCurve.parseSizes("all,1000,200")).containsExactly("200", "1000", "all");
    assertThat(LearningCurve.parseSizes(" 200 , 200,all")).containsExactly("200", "all");
    assertThat(LearningCurve.parseSizes("all")).containsExactly("all");
  }

  @Test
  void a_size_that_is_not_a_positive_number_or_all_is_refused_with_its_value() {
    assertThatThrownBy(() -> LearningCurve.parseSizes("200,0"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'0'");
    assertThatThrownBy(() -> LearningCurve.parseSizes("200,everything"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'everything'");
  }

  @Test
  void a_subsample_is_the_seeded_shuffles_prefix_kept_in_history_order() {
    List<Integer> idx = new ArrayList<>(IntStream.range(0, HISTORY.size()).boxed().toList());
    Collections.shuffle(idx, new Random(HistoryPoint.SUBSAMPLE_SEED));
    List<Integer> first = new ArrayList<>(idx.subList(0, 10));
    Collections.sort(first);

    List<Ticket> ten = LearningCurve.subsample(HISTORY, 10, HistoryPoint.SUBSAMPLE_SEED);

    assertThat(ten).containsExactlyElementsOf(first.stream().map(HISTORY::get).toList());
    assertThat(ten).isNotEqualTo(HISTORY.subList(0, 10));
  }

  @Test
  void smaller_histories_are_part_of_larger_ones_and_every_run_draws_the_same() {
    List<Ticket> ten = LearningCurve.subsample(HISTORY, 10, HistoryPoint.SUBSAMPLE_SEED);
    List<Ticket> thirty = LearningCurve.subsample(HISTORY, 30, HistoryPoint.SUBSAMPLE_SEED);

    assertThat(thirty).hasSize(30).doesNotHaveDuplicates().containsAll(ten);
    assertThat(LearningCurve.subsample(HISTORY, 30, HistoryPoint.SUBSAMPLE_SEED)).isEqualTo(thirty);
    assertThat(LearningCurve.subsample(HISTORY, 30, HistoryPoint.SUBSAMPLE_SEED + 1))
        .isNotEqualTo(thirty);
    assertThat(LearningCurve.subsample(HISTORY, 80, HistoryPoint.SUBSAMPLE_SEED))
        .isEqualTo(HISTORY);
  }
}
