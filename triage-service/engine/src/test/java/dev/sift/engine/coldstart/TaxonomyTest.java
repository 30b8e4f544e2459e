package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaxonomyTest {

  @Test
  void matches_exactly_then_case_insensitively_and_nothing_else() {
    Taxonomy t =
        Taxonomy.validated(Map.of("category", List.of(new Taxonomy.Entry(" Network ", "vpn"))));

    assertThat(t.match("category", "Network")).isEqualTo("Network");
    assertThat(t.match("category", "network ")).isEqualTo("Network");
    assertThat(t.match("category", "Networking")).isNull();
    assertThat(t.match("priority", "Network")).isNull();
  }

  @Test
  void rejects_unknown_fields_duplicate_and_blank_names() {
    assertThatThrownBy(
            () -> Taxonomy.validated(Map.of("colour", List.of(new Taxonomy.Entry("Red", "")))))
        .isInstanceOf(InvalidTaxonomyException.class)
        .hasMessageContaining("colour");
    assertThatThrownBy(
            () ->
                Taxonomy.validated(
                    Map.of(
                        "category",
                        List.of(new Taxonomy.Entry("A", ""), new Taxonomy.Entry("a", "")))))
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () -> Taxonomy.validated(Map.of("category", List.of(new Taxonomy.Entry(" ", "")))))
        .hasMessageContaining("no name");
    assertThatThrownBy(() -> Taxonomy.validated(Map.of()))
        .hasMessageContaining("at least one field");
  }

  @Test
  void derives_entries_from_history_labels_most_frequent_first() {
    Taxonomy t =
        Taxonomy.fromLabelCounts(Map.of("category", Map.of("Hardware", 3L, "Network", 9L)));

    assertThat(t.fields().get("category"))
        .extracting(Taxonomy.Entry::name)
        .containsExactly("Network", "Hardware");
  }

  @Test
  void a_taxonomy_over_the_text_cap_is_too_large_and_priors_go_on_every_entry_or_none() {
    List<Taxonomy.Entry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < Taxonomy.MAX_ENTRIES; i++) {
      entries.add(
          new Taxonomy.Entry(
              "E" + i, "", java.util.Collections.nCopies(Taxonomy.MAX_EXAMPLES, "x")));
    }

    assertThatThrownBy(() -> Taxonomy.validated(Map.of("category", entries)))
        .isInstanceOfSatisfying(
            TaxonomyTooLargeException.class,
            e -> {
              assertThat(e.texts()).isEqualTo(Taxonomy.MAX_ENTRIES * (1L + Taxonomy.MAX_EXAMPLES));
              assertThat(e.maxTexts()).isEqualTo(Taxonomy.MAX_TEXTS);
            });
    assertThatThrownBy(
            () ->
                Taxonomy.validated(
                    Map.of(
                        "category",
                        List.of(
                            new Taxonomy.Entry("A", "", List.of(), 0.7),
                            new Taxonomy.Entry("B", "")))))
        .hasMessageContaining("gives a prior for 1 of its 2 entries");
    assertThatThrownBy(
            () ->
                Taxonomy.validated(
                    Map.of("category", List.of(new Taxonomy.Entry("A", "", List.of(), 1.5)))))
        .hasMessageContaining("above 0 and at most 1");
    assertThat(
            Taxonomy.validated(
                    Map.of(
                        "category",
                        List.of(
                            new Taxonomy.Entry("A", "", List.of(), 0.7),
                            new Taxonomy.Entry("B", "", List.of(), 0.3))))
                .fields()
                .get("category")
                .getFirst()
                .prior())
        .isEqualTo(0.7);
  }
}
