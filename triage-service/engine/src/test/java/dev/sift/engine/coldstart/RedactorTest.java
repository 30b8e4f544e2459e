package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void replaces_personal_and_payment_data_with_placeholders() {
    String out =
        Redactor.redact(
            "Mail max.mustermann@firma.de or call +49 (0)30 1234567; host 192.168.1.20, "
                + "v6 2001:db8::8a2e:370:7334, IBAN GB82 WEST 1234 5698 7654 32, card 5500-0000-0000-0004.");

    assertThat(out)
        .doesNotContain("mustermann", "1234567", "192.168", "2001:db8", "GB82", "5500")
        .contains("[EMAIL]", "[PHONE]", "[IP]", "[IBAN]", "[CARD]");
  }

  @Test
  void leaves_ticket_numbers_dates_times_and_versions_alone() {
    String text =
        "INC0012345 since 2026-05-01 10:30:00, Office 365 version 16.0.1234, error 0x80070005, room 4.12";

    assertThat(Redactor.redact(text)).isEqualTo(text);
  }
}
