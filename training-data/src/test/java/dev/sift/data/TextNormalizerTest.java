package dev.sift.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  @Test
  void composes_to_nfc() {
    String decomposed = "Cafe\u0301";

    assertThat(TextNormalizer.text(decomposed)).isEqualTo("Caf\u00e9");
  }

  @Test
  void drops_nul_and_c0_controls_but_keeps_newline_and_tab() {
    assertThat(TextNormalizer.text("a\u0000b\u0007c\td\ne\u001bf")).isEqualTo("abc\td\nef");
  }

  @Test
  void turns_crlf_and_lone_cr_into_lf() {
    assertThat(TextNormalizer.text("one\r\ntwo\rthree\nfour")).isEqualTo("one\ntwo\nthree\nfour");
  }

  @Test
  void replaces_lone_surrogates_but_keeps_pairs() {
    assertThat(TextNormalizer.text("x\uD800y\uDC00z \uD83D\uDE00"))
        .isEqualTo("x\uFFFDy\uFFFDz \uD83D\uDE00");
  }

  @Test
  void trims_and_turns_empty_into_null() {
    assertThat(TextNormalizer.text("  \n hello world \t")).isEqualTo("hello world");
    assertThat(TextNormalizer.text(" \r\n\u0000 ")).isNull();
    assertThat(TextNormalizer.text(null)).isNull();
  }

  @Test
  void collapses_whitespace_runs_in_labels_including_no_break_spaces() {
    assertThat(TextNormalizer.label("  Service\u00a0 Desk\n\tEMEA  "))
        .isEqualTo("Service Desk EMEA");
    assertThat(TextNormalizer.label("\u00a0 ")).isNull();
  }

  @Test
  void never_changes_case() {
    assertThat(TextNormalizer.label("GRP_0 network")).isEqualTo("GRP_0 network");
    assertThat(TextNormalizer.text("VPN Down")).isEqualTo("VPN Down");
  }

  @Test
  void keeps_internal_whitespace_in_free_text() {
    assertThat(TextNormalizer.text("a  b\n\n c")).isEqualTo("a  b\n\n c");
  }
}
