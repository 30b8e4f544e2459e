package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaxonomyTest {

  @Test
  void matches_exactly_then_case_insensitively_and_nothing_else() {
    Taxonomy t = Taxonomy.validated(Map.of("category", List.of(new Taxonomy.Entry(" Network ", "vpn"))));

    assertThat(t.match("category", "Network")).isEqualTo("Network");
    assertThat(t.match("category", "network ")).isEqualTo("Network");
    assertThat(t.match("category", "Networking")).isNull();
    assertThat(t.match("priority", "Network")).isNull();
  }

  @Test
  void rejects_unknown_fields_duplicate_and_blank_names() {
    assertThatThrownBy(() -> Taxonomy.validated(Map.of("colour", List.of(new Taxonomy.Entry("Red", "")))))
        .isInstanceOf(InvalidTaxonomyException.class).hasMessageContaining("colour");
    assertThatThrownBy(() -> Taxonomy.validated(Map.of("category",
        List.of(new Taxonomy.Entry("A", ""), new Taxonomy.Entry("a", ""))))).hasMessageContaining("twice");
    assertThatThrownBy(() -> Taxonomy.validated(Map.of("category", List.of(new Taxonomy.Entry(" ", "")))))
        .hasMessageContaining("no name");
    assertThatThrownBy(() -> Taxonomy.validated(Map.of())).hasMessageContaining("at least one field");
  }

  @Test
  void derives_entries_from_history_labels_most_frequent_first() {
    Taxonomy t = Taxonomy.fromLabelCounts(Map.of("category", Map.of("Hardware", 3L, "Network", 9L)));

    assertThat(t.fields().get("category")).extracting(Taxonomy.Entry::name).containsExactly("Network", "Hardware");
  }
}
