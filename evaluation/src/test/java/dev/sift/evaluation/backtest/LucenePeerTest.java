package dev.sift.evaluation.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.data.LabelField;
import dev.sift.data.Ticket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Lucene peers over real Lucene indexes. */
class LucenePeerTest {

  @Test
  void tied_classes_are_ranked_by_name_so_every_run_answers_the_same() throws Exception {
    // Ten identical history tickets, half "zeta", half "alpha": kNN (k = 10) scores both classes
    // the same.
    List<Ticket> history = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      history.add(
          Ticket.builder("h" + i)
              .subject("printer paper jam")
              .category(i % 2 == 0 ? "zeta" : "alpha")
              .build());
    }
    try (LucenePeer knn = new LucenePeer(true)) {
      knn.add(history);

      Predictor.Guess g =
          knn.predict(Ticket.builder("t").subject("printer paper jam").build(), new float[0])
              .labels()
              .get(LabelField.CATEGORY);

      assertThat(g.ranked()).containsExactly("alpha", "zeta");
      assertThat(g.confidence()).isEqualTo(0.5);
      assertThat(g.abstained()).isFalse();
    }
  }
}
