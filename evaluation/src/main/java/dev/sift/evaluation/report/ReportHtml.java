package dev.sift.evaluation.report;

import java.util.Locale;
import java.util.Map;

/** report.html: report.md's text as a self-contained page, the SVG plots inline, no scripts. */
final class ReportHtml {

  private ReportHtml() {}

  /** report.html: the page around {@code markdown}, its plots inlined. */
  static String page(String markdown, Map<String, String> plots) {
    String body = markdownToHtml(markdown, plots);
    return "<!doctype html>\n<html><head><meta charset='utf-8'><title>Sift backtest report</title><style>"
        + "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}"
        + "table{border-collapse:collapse;max-width:100%}"
        + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child{text-align:left}"
        + "th{vertical-align:bottom;font-size:90%}"
        + "</style></head><body>\n"
        + body
        + "</body></html>\n";
  }

  /**
   * A metric's key as words ("expectedCalibrationError" to "expected calibration error",
   * "p90IntervalCoverage" to "p90 interval coverage"), so that a column heading can wrap and the
   * table fits the page.
   */
  static String words(String key) {
    return key.replaceAll("([a-z])([A-Z])", "$1 $2")
        .replaceAll("([a-z]{2})([0-9])", "$1 $2")
        .replaceAll("([0-9])([A-Za-z])", "$1 $2")
        .toLowerCase(Locale.ROOT);
  }

  /**
   * Just enough Markdown for our own report: headings, tables, paragraphs; images become the inline
   * SVG.
   */
  private static String markdownToHtml(String md, Map<String, String> plots) {
    StringBuilder h = new StringBuilder();
    boolean inTable = false;
    for (String line : md.split("\n")) {
      if (line.startsWith("|")) {
        if (line.startsWith("|---")) {
          continue;
        }
        String tag = inTable ? "td" : "th";
        if (!inTable) {
          h.append("<table>\n");
          inTable = true;
        }
        h.append("<tr>");
        for (String cell : line.substring(1, line.length() - 1).split(" \\| |\\|", -1)) {
          String text = cell.trim().replace("\\", "");
          h.append('<')
              .append(tag)
              .append('>')
              .append(Svg.esc(tag.equals("th") ? words(text) : text))
              .append("</")
              .append(tag)
              .append('>');
        }
        h.append("</tr>\n");
        continue;
      }
      if (inTable) {
        h.append("</table>\n");
        inTable = false;
      }
      if (line.startsWith("![")) {
        String name = line.substring(2, line.indexOf(']'));
        h.append("<div>").append(plots.get(name)).append("</div>\n");
      } else if (line.startsWith("#")) {
        int level = line.indexOf(' ');
        h.append("<h")
            .append(level)
            .append('>')
            .append(Svg.esc(line.substring(level + 1)))
            .append("</h")
            .append(level)
            .append(">\n");
      } else if (!line.isBlank()) {
        h.append("<p>").append(Svg.esc(line).replace("`", "")).append("</p>\n");
      }
    }
    if (inTable) {
      h.append("</table>\n");
    }
    return h.toString();
  }
}
