package dev.sift.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextPreparerTest {

  @Test
  void puts_the_subject_first_and_collapses_white_space() {
    assertThat(TextPreparer.prepare("  VPN   down ", "cannot\t\tconnect\n\n\n  from home  "))
        .isEqualTo("VPN down\ncannot connect\nfrom home");
  }

  @Test
  void drops_quoted_replies_and_reply_headers() {
    String body =
        """
        Still broken after the reboot.

        On Mon, 3 Nov 2026 at 09:12, Service Desk <sd@example.com> wrote:
        > Please restart the laptop.
        > Thanks
        """;
    assertThat(TextPreparer.prepare("Laptop slow", body))
        .isEqualTo("Laptop slow\nStill broken after the reboot.");
  }

  @Test
  void drops_original_message_blocks_and_lines_quoted_inline() {
    String body =
        "see below\n> old text\n-----Original Message-----\nFrom: a@example.com\nSent: today\nold";
    assertThat(TextPreparer.cleanBody(body)).isEqualTo("see below");
  }

  @Test
  void drops_signatures_after_a_sign_off() {
    String body =
        "The label printer in bay 4 prints blank labels.\n\nThanks,\nJan de Vries\nWarehouse Supervisor";
    assertThat(TextPreparer.cleanBody(body))
        .isEqualTo("The label printer in bay 4 prints blank labels.");
  }

  @Test
  void keeps_thanks_that_is_part_of_the_text() {
    String body =
        "Thanks for the quick fix yesterday, but outlook crashes again when I open the calendar.";
    assertThat(TextPreparer.cleanBody(body)).isEqualTo(body);
  }

  @Test
  void drops_received_from_headers_and_html() {
    String body =
        "received from: abc.def@gmail.com\n<p>there was a technical error.<br>please try again&nbsp;now"
            + " &amp; later</p>";
    assertThat(TextPreparer.cleanBody(body))
        .isEqualTo("there was a technical error.\nplease try again now & later");
  }

  @Test
  void does_not_repeat_a_body_that_only_repeats_the_subject() {
    assertThat(TextPreparer.prepare("Login issue", "login issue ")).isEqualTo("Login issue");
  }

  @Test
  void handles_missing_parts() {
    assertThat(TextPreparer.prepare(null, "only a body")).isEqualTo("only a body");
    assertThat(TextPreparer.prepare("only a subject", null)).isEqualTo("only a subject");
    assertThat(TextPreparer.prepare(null, null)).isEmpty();
  }

  @Test
  void is_deterministic() {
    String body = "<div>Hi,</div><div>printer jams</div>\n\nRegards,\nBob";
    assertThat(TextPreparer.prepare("Printer", body))
        .isEqualTo(TextPreparer.prepare("Printer", body))
        .isEqualTo("Printer\nHi,\nprinter jams");
  }
}
