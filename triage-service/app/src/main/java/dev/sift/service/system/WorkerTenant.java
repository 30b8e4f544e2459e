package dev.sift.service.system;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Names the tenant a request works for when its path does not (a connector's webhook, bound to one
 * tenant in its configuration), so that the worker pool counts it against that tenant's share and
 * queues it in that tenant's turn.
 */
public final class WorkerTenant {

  static final String ATTRIBUTE = WorkerTenant.class.getName();

  private WorkerTenant() {}

  /** Call before returning the request's {@code Callable}. */
  public static void bind(HttpServletRequest request, String tenant) {
    request.setAttribute(ATTRIBUTE, tenant);
  }
}
