package dev.sift.engine.coldstart;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal and payment data with placeholders before text leaves the process: e-mail
 * addresses, IBAN-like and card-like numbers, IPv4 and IPv6 addresses, and phone numbers, in that
 * order so that a longer pattern is not first cut up by a shorter one.
 */
public final class Redactor {

  private record Rule(Pattern pattern, String placeholder) {}

  /**
   * Candidates only: times such as 10:30:00 look the same, so a match needs "::" or all eight
   * groups.
   */
  private static final Pattern IPV6 =
      Pattern.compile("(?i)(?<![\\w:.])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\\w:])");

  /** Colons in a full, uncompressed IPv6 address. */
  private static final int IPV6_FULL_COLONS = 7;

  private static final List<Rule> RULES =
      List.of(
          new Rule(Pattern.compile("[\\p{L}0-9._%+-]+@[\\p{L}0-9.-]+\\.[\\p{L}]{2,}"), "[EMAIL]"),
          // Two letters, two check digits, then 11 to 30 alphanumerics, optionally grouped by
          // spaces.
          new Rule(Pattern.compile("\\b[A-Z]{2}\\d{2}(?:[ ]?[A-Z0-9]{1,4}){3,8}\\b"), "[IBAN]"),
          // 13 to 19 digits, optionally grouped by spaces or dashes: card numbers and other long
          // account numbers.
          new Rule(Pattern.compile("\\b\\d(?:[ -]?\\d){12,18}\\b"), "[CARD]"),
          new Rule(
              Pattern.compile(
                  "\\b(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\b"),
              "[IP]"),
          new Rule(IPV6, "[IPV6]"),
          // An optional +country code, then at least 7 digits in groups separated by spaces, dots,
          // dashes or brackets.
          new Rule(
              Pattern.compile("(?<![\\w+])(?:\\+|00)?\\d[\\d ()./-]{5,}\\d(?![\\w])"), "[PHONE]"));

  /** Digits a phone number has at least; shorter runs are ticket numbers, dates or versions. */
  private static final int MIN_PHONE_DIGITS = 7;

  private Redactor() {}

  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Rule r : RULES) {
      if (r.placeholder().equals("[PHONE]")) {
        out = redactPhones(r.pattern(), out);
      } else if (r.placeholder().equals("[IPV6]")) {
        out =
            r.pattern()
                .matcher(out)
                .replaceAll(
                    m ->
                        m.group().contains("::")
                                || m.group().chars().filter(c -> c == ':').count()
                                    == IPV6_FULL_COLONS
                            ? "[IP]"
                            : Matcher.quoteReplacement(m.group()));
      } else {
        out = r.pattern().matcher(out).replaceAll(Matcher.quoteReplacement(r.placeholder()));
      }
    }
    return out;
  }

  private static String redactPhones(Pattern p, String text) {
    Matcher m = p.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String match = m.group();
      long digits = match.chars().filter(Character::isDigit).count();
      // Dates (2026-05-01, 01.05.2026) are digit groups too; a phone number has no four-digit year
      // pattern.
      boolean date = match.matches("\\d{4}-\\d{2}-\\d{2}.*|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}");
      m.appendReplacement(
          sb, Matcher.quoteReplacement(digits >= MIN_PHONE_DIGITS && !date ? "[PHONE]" : match));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
