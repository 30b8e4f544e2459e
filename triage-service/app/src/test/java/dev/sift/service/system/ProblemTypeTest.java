package dev.sift.service.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {

  @Test
  void every_type_is_a_stable_uri_under_the_documented_base() {
    for (ProblemType type : ProblemType.values()) {
      assertThat(type.uri().toString()).isEqualTo("https://sift.dev/problems/" + type.slug());
      assertThat(type.slug()).matches("[a-z]+(-[a-z]+)*");
      assertThat(type.title()).isNotBlank().doesNotContain("Exception");
      assertThat(type.status().isError()).isTrue();
    }
    assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::slug)).doesNotHaveDuplicates();
  }

  @Test
  void the_contractual_types_keep_their_status() {
    assertThat(ProblemType.UNKNOWN_TENANT.uri())
        .hasToString("https://sift.dev/problems/unknown-tenant");
    assertThat(ProblemType.UNKNOWN_TENANT.status().value()).isEqualTo(404);
    assertThat(ProblemType.INVALID_TENANT.status().value()).isEqualTo(400);
    assertThat(ProblemType.PAYLOAD_TOO_LARGE.status().value()).isEqualTo(413);
    assertThat(ProblemType.BATCH_TOO_LARGE.status().value()).isEqualTo(413);
    assertThat(ProblemType.UNSUPPORTED_MEDIA_TYPE.status().value()).isEqualTo(415);
  }

  @Test
  void statuses_without_a_more_specific_type_get_a_generic_one() {
    assertThat(ProblemType.forStatus(404)).isEqualTo(ProblemType.NOT_FOUND);
    assertThat(ProblemType.forStatus(409)).isEqualTo(ProblemType.INVALID_PARAMETER);
    assertThat(ProblemType.forStatus(502)).isEqualTo(ProblemType.INTERNAL_ERROR);
  }
}
