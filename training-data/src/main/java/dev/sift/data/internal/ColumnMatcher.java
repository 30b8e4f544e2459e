package dev.sift.data.internal;

import java.util.Collection;
import java.util.Iterator;

/**
 * Finds a mapped column among the names a file offers: exact match first, then ignoring case and
 * padding.
 */
public final class ColumnMatcher {

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /** Returned when no name matches. */
  public static final int NOT_FOUND = -1;

  private ColumnMatcher() {}

  /** Position of {@code wanted} in {@code names}, or {@link #NOT_FOUND}. */
  public static int find(Collection<String> names, String wanted) {
    int i = indexOf(names, wanted, false);
    return i != NOT_FOUND ? i : indexOf(names, wanted, true);
  }

  /** A header cell without a byte-order mark and surrounding whitespace. */
  public static String clean(String name) {
    String s = name.strip();
    while (!s.isEmpty() && s.charAt(0) == BYTE_ORDER_MARK) {
      s = s.substring(1).strip();
    }
    return s;
  }

  private static int indexOf(Collection<String> names, String wanted, boolean loose) {
    String target = loose ? clean(wanted) : wanted;
    Iterator<String> it = names.iterator();
    for (int i = 0; it.hasNext(); i++) {
      String name = it.next();
      if (loose ? clean(name).equalsIgnoreCase(target) : name.equals(target)) {
        return i;
      }
    }
    return NOT_FOUND;
  }
}
