package dev.sift.evaluation.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small self-contained SVG charts for the reports: no scripts, no fonts to fetch, viewable offline.
 */
final class Svg {

  private static final int W = 520;
  private static final int H = 360;
  private static final int PAD = 50;
  private static final String[] COLOURS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"
  };

  private Svg() {}

  /** Axes spanning [x0, x1] × [y0, y1]; {@code log} plots log10 of both (for durations). */
  record Axes(
      String title,
      String xLabel,
      String yLabel,
      double x0,
      double x1,
      double y0,
      double y1,
      boolean log) {}

  /** One line (or, with {@code dots}, scatter) per series; points are (x, y) pairs. */
  static String chart(Axes a, Map<String, List<double[]>> series, boolean dots, boolean diagonal) {
    StringBuilder s = header(a);
    if (diagonal) {
      s.append(line(px(a, a.x0()), py(a, a.y0()), px(a, a.x1()), py(a, a.y1()), "#aaa", "4 3"));
    }
    int i = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder path = new StringBuilder();
      for (double[] p : e.getValue()) {
        double x = px(a, p[0]);
        double y = py(a, p[1]);
        if (dots) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "<circle cx='%.1f' cy='%.1f' r='2' fill='%s' fill-opacity='0.5'/>",
                  x,
                  y,
                  colour));
        } else {
          path.append(path.isEmpty() ? "M" : "L")
              .append(String.format(Locale.ROOT, "%.1f %.1f ", x, y));
        }
      }
      if (!dots && !path.isEmpty()) {
        s.append("<path d='")
            .append(path)
            .append("' fill='none' stroke='")
            .append(colour)
            .append("' stroke-width='1.8'/>");
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x='%d' y='%d' width='10' height='10' fill='%s'/>",
              W - 150,
              PAD + i * 16,
              colour));
      s.append(text(W - 135, PAD + 9 + i * 16, esc(e.getKey()), "start", 11));
      i++;
    }
    return s.append("</svg>").toString();
  }

  /** A heat map of counts, rows = truth, columns = prediction. */
  static String confusion(String title, List<String> classes, int[][] counts) {
    int n = classes.size();
    int cell = Math.max(18, Math.min(40, 360 / Math.max(1, n)));
    int left = 140;
    int top = 40;
    // Wide enough for the title too, which is longer than a matrix of a few classes (about 7 px a
    // character).
    int width = Math.max(left + n * cell + 20, 7 * title.length() + 20);
    int height = top + n * cell + 120;
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'>",
                width,
                height));
    s.append(text(width / 2, 20, esc(title), "middle", 13));
    int max = 1;
    for (int[] row : counts) {
      for (int v : row) {
        max = Math.max(max, v);
      }
    }
    for (int r = 0; r < n; r++) {
      s.append(
          text(left - 4, top + r * cell + cell / 2 + 4, esc(shorten(classes.get(r))), "end", 10));
      for (int c = 0; c < n; c++) {
        double shade = counts[r][c] / (double) max;
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x='%d' y='%d' width='%d' height='%d' fill='rgb(%d,%d,255)' stroke='#fff'><title>%s → %s: %d</title></rect>",
                left + c * cell,
                top + r * cell,
                cell,
                cell,
                (int) (255 * (1 - shade)),
                (int) (255 * (1 - shade)),
                esc(classes.get(r)),
                esc(classes.get(c)),
                counts[r][c]));
        if (counts[r][c] > 0) { // the count itself, readable on dark and light cells alike
          s.append(
              String.format(
                  Locale.ROOT,
                  "<text x='%d' y='%d' font-size='%d' text-anchor='middle' fill='%s'>%d"
                      + "</text>",
                  left + c * cell + cell / 2,
                  top + r * cell + cell / 2 + 3,
                  cell < 30 ? 8 : 10,
                  shade > 0.5 ? "#fff" : "#222",
                  counts[r][c]));
        }
      }
    }
    for (int c = 0; c < n; c++) {
      int x = left + c * cell + cell / 2;
      int y = top + n * cell + 6;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x='%d' y='%d' font-size='10' text-anchor='end' transform='rotate(-60 %d %d)'>%s</text>",
              x,
              y,
              x,
              y,
              esc(shorten(classes.get(c)))));
    }
    s.append(text(10, top - 8, "rows: actual, columns: predicted", "start", 10));
    return s.append("</svg>").toString();
  }

  private static StringBuilder header(Axes a) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'>",
                W,
                H));
    s.append(text(W / 2, 20, esc(a.title()), "middle", 13));
    s.append(line(PAD, H - PAD, W - PAD, H - PAD, "#333", null))
        .append(line(PAD, PAD, PAD, H - PAD, "#333", null));
    s.append(text(W / 2, H - 12, esc(a.xLabel()), "middle", 11));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x='14' y='%d' font-size='11' text-anchor='middle' transform='rotate(-90 14 %d)'>%s</text>",
            H / 2,
            H / 2,
            esc(a.yLabel())));
    for (int t = 0; t <= 4; t++) {
      double fx = a.x0() + (a.x1() - a.x0()) * t / 4;
      double fy = a.y0() + (a.y1() - a.y0()) * t / 4;
      s.append(text((int) px(a, fx), H - PAD + 14, tick(fx, a.log()), "middle", 10));
      s.append(text(PAD - 4, (int) py(a, fy) + 3, tick(fy, a.log()), "end", 10));
    }
    return s;
  }

  private static String tick(double v, boolean log) {
    return log
        ? String.format(Locale.ROOT, "%.3g", Math.pow(10, v))
        : String.format(Locale.ROOT, "%.2f", v);
  }

  private static double px(Axes a, double x) {
    return PAD + (clamp(x, a.x0(), a.x1()) - a.x0()) / (a.x1() - a.x0()) * (W - 2 * PAD);
  }

  private static double py(Axes a, double y) {
    return H - PAD - (clamp(y, a.y0(), a.y1()) - a.y0()) / (a.y1() - a.y0()) * (H - 2 * PAD);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static String line(
      double x1, double y1, double x2, double y2, String colour, String dash) {
    return String.format(
        Locale.ROOT,
        "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s'%s/>",
        x1,
        y1,
        x2,
        y2,
        colour,
        dash == null ? "" : " stroke-dasharray='" + dash + "'");
  }

  private static String text(int x, int y, String t, String anchor, int size) {
    return String.format(
        Locale.ROOT,
        "<text x='%d' y='%d' font-size='%d' text-anchor='%s'>%s</text>",
        x,
        y,
        size,
        anchor,
        t);
  }

  private static String shorten(String s) {
    return s.length() > 20 ? s.substring(0, 19) + "…" : s;
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace("\"", "&quot;");
  }
}
