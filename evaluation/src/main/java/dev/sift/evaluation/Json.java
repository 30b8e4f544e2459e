package dev.sift.evaluation;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Writes the nested maps, strings and numbers of report.json; no library needed for that little. */
final class Json {
  private Json() {}

  static String write(Object v) {
    StringBuilder s = new StringBuilder();
    write(v, s, "");
    return s.toString();
  }

  private static void write(Object v, StringBuilder s, String indent) {
    if (v instanceof Map<?, ?> m) {
      s.append("{");
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        s.append('\n').append(indent).append("  ");
        string(String.valueOf(e.getKey()), s);
        s.append(": ");
        write(e.getValue(), s, indent + "  ");
        if (it.hasNext()) {
          s.append(',');
        }
      }
      s.append(m.isEmpty() ? "}" : "\n" + indent + "}");
    } else if (v instanceof java.util.List<?> l) {
      s.append("[");
      for (int i = 0; i < l.size(); i++) {
        s.append('\n').append(indent).append("  ");
        write(l.get(i), s, indent + "  ");
        if (i + 1 < l.size()) {
          s.append(',');
        }
      }
      s.append(l.isEmpty() ? "]" : "\n" + indent + "]");
    } else if (v instanceof Boolean b) {
      s.append(b);
    } else if (v instanceof Double d) {
      // JSON has no NaN or infinity; a metric without data is written as null.
      s.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6g", d).contains("e")
          ? Double.toString(d) : trim(String.format(Locale.ROOT, "%.6f", d)));
    } else if (v instanceof Number n) {
      s.append(n);
    } else if (v == null) {
      s.append("null");
    } else {
      string(v.toString(), s);
    }
  }

  private static String trim(String decimal) {
    String t = decimal.replaceAll("0+$", "");
    return t.endsWith(".") ? t + "0" : t;
  }

  private static void string(String v, StringBuilder s) {
    s.append('"');
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20) {
            s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    s.append('"');
  }
}
