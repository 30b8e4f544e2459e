package dev.sift.engine;

/** The tenant has no history and no configuration. */
public class UnknownTenantException extends RuntimeException {
  private final String tenant;

  public UnknownTenantException(String tenant) {
    super("unknown tenant '" + tenant + "'");
    this.tenant = tenant;
  }

  public String tenant() {
    return tenant;
  }
}
