package dev.sift.index;

import java.util.regex.Pattern;

/**
 * Tenant names are also directory and key names, so they are restricted to a safe alphabet. A
 * rebuild writes into a staging name ({@code <tenant>~<token>}) that no client can use, and {@link
 * VectorIndex#replaceTenant} swaps it in; {@link VectorIndex#tenants()} never lists staging names.
 */
public final class TenantNames {
  public static final Pattern VALID = Pattern.compile("[a-z0-9-]{1,63}");
  public static final Pattern STAGING = Pattern.compile("[a-z0-9-]{1,63}~[a-z0-9]{1,32}");
  private static final char STAGING_SEPARATOR = '~';

  private TenantNames() {}

  public static boolean isValid(String tenant) {
    return tenant != null && VALID.matcher(tenant).matches();
  }

  public static String require(String tenant) {
    if (!isValid(tenant)) {
      throw new IllegalArgumentException(
          "tenant name must match " + VALID.pattern() + ", was '" + tenant + "'");
    }
    return tenant;
  }

  /**
   * The staging name a rebuild of {@code tenant} writes into; {@code token} is lower-case letters
   * and digits.
   */
  public static String staging(String tenant, String token) {
    String name = require(tenant) + STAGING_SEPARATOR + token;
    if (!isStaging(name)) {
      throw new IllegalArgumentException(
          "staging token must match [a-z0-9]{1,32}, was '" + token + "'");
    }
    return name;
  }

  public static boolean isStaging(String name) {
    return name != null && STAGING.matcher(name).matches();
  }

  /** A name the index may store under: a tenant or a staging name. */
  public static String requireStored(String name) {
    if (!isValid(name) && !isStaging(name)) {
      throw new IllegalArgumentException(
          "tenant name must match " + VALID.pattern() + ", was '" + name + "'");
    }
    return name;
  }
}
