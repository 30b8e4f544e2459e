package dev.sift.index;

import java.util.regex.Pattern;

/** Tenant names are also directory and key names, so they are restricted to a safe alphabet. */
public final class TenantNames {
  public static final Pattern VALID = Pattern.compile("[a-z0-9-]{1,63}");

  private TenantNames() {}

  public static boolean isValid(String tenant) {
    return tenant != null && VALID.matcher(tenant).matches();
  }

  public static String require(String tenant) {
    if (!isValid(tenant)) {
      throw new IllegalArgumentException("tenant name must match " + VALID.pattern() + ", was '" + tenant + "'");
    }
    return tenant;
  }
}
