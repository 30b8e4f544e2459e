package dev.sift.service.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SignaturesTest {

  private static final byte[] ZAMMAD_BODY =
      "{\"ticket\":{\"id\":1}}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] JIRA_BODY =
      "{\"webhookEvent\":\"jira:issue_created\"}".getBytes(StandardCharsets.UTF_8);

  /** From Python's hmac module: hmac.new(b'zammad-secret', body, hashlib.sha1).hexdigest(). */
  private static final String ZAMMAD_GOLDEN = "sha1=3b3bf3ba7dea316c96a9818b587ef3dfe6ccbf3d";

  /** hmac.new(b'jira-secret', body, hashlib.sha256).hexdigest(). */
  private static final String JIRA_GOLDEN =
      "sha256=4ce4f83412227a95fec604b770261b97c7f5650cf98949a1edb42156781a6f57";

  @Test
  void signatures_match_an_independent_hmac_implementation() {
    assertThat(Signatures.Scheme.SHA1.sign("zammad-secret", ZAMMAD_BODY)).isEqualTo(ZAMMAD_GOLDEN);
    assertThat(Signatures.Scheme.SHA256.sign("jira-secret", JIRA_BODY)).isEqualTo(JIRA_GOLDEN);
  }

  @Test
  void a_signature_verifies_only_for_its_body_secret_and_scheme() {
    assertThat(Signatures.Scheme.SHA1.verify("zammad-secret", ZAMMAD_BODY, ZAMMAD_GOLDEN)).isTrue();
    assertThat(
            Signatures.Scheme.SHA1.verify(
                "zammad-secret", ZAMMAD_BODY, ZAMMAD_GOLDEN.toUpperCase(Locale.ROOT)))
        .as("hex digits in upper case")
        .isTrue();
    assertThat(Signatures.Scheme.SHA1.verify("other-secret", ZAMMAD_BODY, ZAMMAD_GOLDEN)).isFalse();
    assertThat(
            Signatures.Scheme.SHA1.verify(
                "zammad-secret",
                "{\"ticket\":{\"id\":2}}".getBytes(StandardCharsets.UTF_8),
                ZAMMAD_GOLDEN))
        .isFalse();
    assertThat(Signatures.Scheme.SHA256.verify("jira-secret", JIRA_BODY, JIRA_GOLDEN)).isTrue();
    assertThat(
            Signatures.Scheme.SHA256.verify(
                "jira-secret", JIRA_BODY, JIRA_GOLDEN.substring("sha256=".length())))
        .as("without its algorithm prefix")
        .isFalse();
    assertThat(
            Signatures.Scheme.SHA256.verify(
                "jira-secret", JIRA_BODY, Signatures.Scheme.SHA1.sign("jira-secret", JIRA_BODY)))
        .as("the other scheme")
        .isFalse();
    assertThat(Signatures.Scheme.SHA256.verify("jira-secret", JIRA_BODY, null)).isFalse();
    assertThat(Signatures.Scheme.SHA256.verify("jira-secret", JIRA_BODY, "")).isFalse();
  }

  @Test
  void a_token_matches_only_itself() {
    assertThat(Signatures.tokenMatches("s3cret-token", "s3cret-token")).isTrue();
    assertThat(Signatures.tokenMatches("s3cret-token", "s3cret-tokem")).isFalse();
    assertThat(Signatures.tokenMatches("s3cret-token", "s3cret-token ")).isFalse();
    assertThat(Signatures.tokenMatches("s3cret-token", "")).isFalse();
    assertThat(Signatures.tokenMatches("s3cret-token", null)).isFalse();
  }
}
