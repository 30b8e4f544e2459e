package dev.sift.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/** The commands' {@code --name value} pairs, in the order given. */
public final class Options {
  private Options() {}

  /**
   * @throws IllegalArgumentException for anything but {@code --name value} pairs
   */
  public static Map<String, String> parse(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got '" + args[i] + "'");
      }
      o.put(args[i].substring(2), args[++i]);
    }
    return o;
  }
}
