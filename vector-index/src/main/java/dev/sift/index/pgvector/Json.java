package dev.sift.index.pgvector;

import dev.sift.index.IndexException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough JSON for the attributes column: a flat object of strings. The library has no JSON
 * dependency, and PostgreSQL writes jsonb back in a canonical form, so both directions stay small.
 */
final class Json {

  private static final int HEX_ESCAPE_BELOW = 0x20; // control characters must be escaped

  private Json() {}

  static String object(Map<String, String> map) {
    StringBuilder sb = new StringBuilder("{");
    map.forEach(
        (k, v) -> {
          if (sb.length() > 1) {
            sb.append(',');
          }
          string(sb, k);
          sb.append(':');
          string(sb, v);
        });
    return sb.append('}').toString();
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\0' -> {} // jsonb rejects an escaped NUL, and NUL carries no meaning in an attribute
        default -> {
          if (c < HEX_ESCAPE_BELOW) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * Parses a flat object whose values are all strings, as written by {@link #object(Map)} via
   * jsonb.
   */
  static Map<String, String> parseObject(String json) {
    Parser p = new Parser(json);
    Map<String, String> map = new LinkedHashMap<>();
    p.expect('{');
    if (!p.consume('}')) {
      do {
        String key = p.string();
        p.expect(':');
        map.put(key, p.string());
      } while (p.consume(','));
      p.expect('}');
    }
    return map;
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    private void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean consume(char c) {
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    void expect(char c) {
      if (!consume(c)) {
        throw new IndexException("attributes are not a flat JSON object of strings: " + s);
      }
    }

    String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = s.charAt(pos++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s, pos, pos + 4, 16));
            pos += 4;
          }
          default -> sb.append(e); // \" \\ \/
        }
      }
    }
  }
}
