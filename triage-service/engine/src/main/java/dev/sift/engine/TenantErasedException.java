package dev.sift.engine;

/**
 * Thrown by a rebuild or a long write whose tenant was erased while it ran ({@link
 * TicketStore#deleteTenant}): its staging index is dropped and nothing is swapped in or written, so
 * the erased tickets do not come back.
 */
public final class TenantErasedException extends RuntimeException {
  private final String tenant;

  public TenantErasedException(String tenant) {
    super("tenant '" + tenant + "' was deleted while it was rebuilt; the rebuild was dropped");
    this.tenant = tenant;
  }

  public String tenant() {
    return tenant;
  }
}
