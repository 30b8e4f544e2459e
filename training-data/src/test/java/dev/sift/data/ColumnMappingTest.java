package dev.sift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {

  @Test
  void parses_field_to_header_pairs_with_spaces_in_headers() {
    ColumnMapping mapping =
        ColumnMapping.parse(
            "subject=Short description,body=Description,assignmentGroup=Assignment group,requester=Caller,"
                + "id=Issue id,createdAt=Created,resolvedAt=Resolved");

    assertThat(mapping.asMap())
        .containsExactly(
            Map.entry("id", "Issue id"),
            Map.entry("subject", "Short description"),
            Map.entry("body", "Description"),
            Map.entry("assignmentGroup", "Assignment group"),
            Map.entry("requester", "Caller"),
            Map.entry("createdAt", "Created"),
            Map.entry("resolvedAt", "Resolved"));
    assertThat(mapping.columnsOptional()).isFalse();
  }

  @Test
  void unescapes_commas_and_backslashes_in_header_names_and_round_trips() {
    ColumnMapping mapping =
        ColumnMapping.parse("subject=Title\\, short ,body=C:\\\\notes,client=a=b");

    assertThat(mapping.asMap())
        .containsEntry("subject", "Title, short")
        .containsEntry("body", "C:\\notes")
        .containsEntry("client", "a=b");
    assertThat(ColumnMapping.parse(mapping.toString())).isEqualTo(mapping);
  }

  @Test
  void rejects_unknown_field_naming_it_and_listing_valid_fields() {
    assertThatThrownBy(() -> ColumnMapping.parse("subject=Summary,summary=Description"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'summary'")
        .hasMessageContaining(
            "id, subject, body, category, subcategory, priority, assignmentGroup, assignee,"
                + " requester, client, createdAt, resolvedAt, resolution");
  }

  @Test
  void rejects_entries_without_equals_sign_empty_headers_and_repeats() {
    assertThatThrownBy(() -> ColumnMapping.parse("subject=Summary,Description"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Description' has no '='");
    assertThatThrownBy(() -> ColumnMapping.parse("subject= "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty column name");
    assertThatThrownBy(() -> ColumnMapping.parse("subject=A,subject=B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'subject' is mapped twice");
  }

  @Test
  void requires_subject_or_body() {
    assertThatThrownBy(() -> ColumnMapping.parse("id=Key,priority=Priority"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must map subject or body");
  }

  @Test
  void identity_maps_every_field_to_its_own_name_and_tolerates_missing_columns() {
    ColumnMapping identity = ColumnMapping.identity();

    assertThat(identity.asMap()).hasSize(13).containsEntry("assignmentGroup", "assignmentGroup");
    assertThat(identity.columnsOptional()).isTrue();
  }

  @Test
  void accepts_field_names_in_another_case() {
    assertThat(ColumnMapping.parse("Subject=Title").asMap())
        .containsExactly(Map.entry("subject", "Title"));
  }
}
