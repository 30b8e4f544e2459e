package dev.sift.index.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.TenantNames;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChangeNoticesTest {

  @Test
  void a_notice_names_the_tenant_and_each_changed_id() {
    ChangeNotices.Notice notice =
        ChangeNotices.Notice.parse(ChangeNotices.encode("acme", List.of("INC-1", "a b", "ü")))
            .orElseThrow();
    assertThat(notice.tenant()).isEqualTo("acme");
    assertThat(notice.ids()).containsExactly("INC-1", "a b", "ü");
    assertThat(notice.wholeTenant()).isFalse();
  }

  @Test
  void too_many_ids_or_an_id_that_cannot_be_told_apart_announce_the_whole_tenant() {
    List<String> many =
        IntStream.rangeClosed(0, ChangeNotices.MAX_IDS).mapToObj(i -> "t" + i).toList();
    String longId = "x".repeat(ChangeNotices.MAX_PAYLOAD_BYTES);
    List<List<String>> cases =
        List.of(many, List.of("two\nlines"), List.of(longId), List.<String>of());
    for (List<String> ids : cases) {
      ChangeNotices.Notice notice =
          ChangeNotices.Notice.parse(ChangeNotices.encode("acme", ids)).orElseThrow();
      assertThat(notice.wholeTenant()).as("%d ids", ids.size()).isTrue();
      assertThat(notice.tenant()).isEqualTo("acme");
    }
  }

  @Test
  void notices_of_staging_names_or_foreign_payloads_are_ignored() {
    assertThat(ChangeNotices.Notice.parse(TenantNames.staging("acme", "job1") + "\nid")).isEmpty();
    assertThat(ChangeNotices.Notice.parse("Not A Tenant")).isEmpty();
  }
}
