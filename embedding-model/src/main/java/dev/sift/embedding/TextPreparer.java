package dev.sift.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Deterministic clean-up of ticket text before embedding: the subject first, then the body without
 * quoted replies, signatures, mail headers, HTML and runs of white space. Truncation to the model's
 * token limit happens in the tokenizer.
 */
public final class TextPreparer {

  /** A closing phrase only starts a signature when this few lines or fewer follow it. */
  private static final int MAX_SIGNATURE_LINES = 6;

  /** A line longer than this is prose, never a sign-off. */
  private static final int MAX_SIGN_OFF_LENGTH = 40;

  private static final Pattern HTML_BREAK =
      Pattern.compile("(?i)<\\s*(br|/p|/div|/li|/tr|p|div|li)\\b[^>]*>");
  private static final Pattern HTML_DROP = Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>");
  private static final Pattern HTML_TAG =
      Pattern.compile("(?s)</?[a-zA-Z][a-zA-Z0-9]*\\b[^<>]*>|<!--.*?-->");
  private static final Pattern RECEIVED_FROM =
      Pattern.compile("(?im)^\\s*received from:\\s*\\S*\\s*$");
  private static final Pattern REPLY_HEADER =
      Pattern.compile(
          "(?im)^\\s*(-{2,}\\s*original message\\s*-{2,}|-{2,}\\s*urspr[üu]ngliche nachricht\\s*-{2,}"
              + "|on .{3,120}wrote:|am .{3,120}schrieb .{1,80}:|from:\\s.+\\R\\s*(sent|date|gesendet):.*)\\s*$");
  private static final Pattern SIGN_OFF =
      Pattern.compile(
          "(?i)^(--|__+|thanks?( you)?( and| &)?( best| kind)?( regards)?|many thanks|thx|cheers|regards|best"
              + "|best regards|kind regards|warm regards|br|mit freundlichen gr(ü|ue|u)(ß|ss)en( / best)?"
              + "|viele gr(ü|ue)(ß|ss)e|vielen dank|met vriendelijke groet|sent from my .*)[,.!]?$");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\u00A0]+");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{2,}");

  private TextPreparer() {}

  /** The text that is embedded for a ticket. Never null; empty when both parts are empty. */
  public static String prepare(String subject, String body) {
    String s = collapse(stripHtml(nullToEmpty(subject))).replace('\n', ' ').trim();
    String b = cleanBody(nullToEmpty(body));
    if (b.isEmpty() || sameText(s, b)) {
      return s;
    }
    if (s.isEmpty()) {
      return b;
    }
    return s + "\n" + b;
  }

  /**
   * The body with quoted replies, signatures, mail headers and HTML removed, and white space
   * collapsed.
   */
  public static String cleanBody(String body) {
    String text = body.replace("\r\n", "\n").replace('\r', '\n');
    text = stripHtml(text);
    text = RECEIVED_FROM.matcher(text).replaceAll("");
    text = cutAtReplyHeader(text);
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (!trimmed.startsWith(">")) {
        lines.add(trimmed);
      }
    }
    lines = cutSignature(lines);
    return collapse(String.join("\n", lines));
  }

  private static String stripHtml(String text) {
    if (text.indexOf('<') < 0 && text.indexOf('&') < 0) {
      return text;
    }
    String t = HTML_DROP.matcher(text).replaceAll(" ");
    t = HTML_BREAK.matcher(t).replaceAll("\n");
    t = HTML_TAG.matcher(t).replaceAll(" ");
    return HtmlEntities.decode(t);
  }

  private static String cutAtReplyHeader(String text) {
    var m = REPLY_HEADER.matcher(text);
    // A reply header at the very top would leave nothing; then the quoted text is all there is, so
    // keep it.
    while (m.find()) {
      if (!text.substring(0, m.start()).isBlank()) {
        return text.substring(0, m.start());
      }
    }
    return text;
  }

  private static List<String> cutSignature(List<String> lines) {
    int last = lines.size() - 1;
    while (last >= 0 && lines.get(last).isEmpty()) {
      last--;
    }
    for (int i = Math.max(1, last - MAX_SIGNATURE_LINES); i <= last; i++) {
      String line = lines.get(i);
      if (line.length() <= MAX_SIGN_OFF_LENGTH && SIGN_OFF.matcher(line).matches()) {
        return lines.subList(0, i);
      }
    }
    return lines;
  }

  private static String collapse(String text) {
    String t = SPACES.matcher(text).replaceAll(" ");
    StringBuilder out = new StringBuilder(t.length());
    for (String line : t.split("\n", -1)) {
      String s = line.strip();
      if (!s.isEmpty()) {
        if (!out.isEmpty()) {
          out.append('\n');
        }
        out.append(s);
      }
    }
    return BLANK_LINES.matcher(out).replaceAll("\n").trim();
  }

  private static boolean sameText(String a, String b) {
    return normalise(a).equals(normalise(b));
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "");
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** The few HTML entities that ticket systems emit. */
  private static final class HtmlEntities {
    private static final Pattern NUMERIC = Pattern.compile("&#(x?)([0-9a-fA-F]{1,6});");

    static String decode(String t) {
      String s =
          t.replace("&nbsp;", " ")
              .replace("&lt;", "<")
              .replace("&gt;", ">")
              .replace("&quot;", "\"")
              .replace("&#39;", "'")
              .replace("&apos;", "'");
      var m = NUMERIC.matcher(s);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        int cp;
        try {
          cp = Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16);
        } catch (NumberFormatException e) {
          cp = ' ';
        }
        String rep =
            Character.isValidCodePoint(cp) && !Character.isSurrogate((char) cp)
                ? new String(Character.toChars(cp))
                : " ";
        m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(rep));
      }
      m.appendTail(out);
      return out.toString().replace("&amp;", "&");
    }
  }
}
