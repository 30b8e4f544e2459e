package dev.sift.service.system;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Ends the connection after an error answered before the request body was read (401 for a missing
 * key, 408 for a body too slow, 413), instead of letting Tomcat read and discard the rest of the
 * body to keep the connection alive: a client trickling its body, or sending far more than it may,
 * would otherwise hold the request thread for as long as it keeps sending. Only answers that say
 * {@code Connection: close} end so, so that no client reuses a connection the server closed.
 */
final class UnreadBodyValve extends ValveBase {

  private static final String CLOSE = "close";

  UnreadBodyValve() {
    super(true);
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    getNext().invoke(request, response);
    // An async request (triage, upsert) read its body in this first dispatch; its answer comes
    // later.
    if (request.isAsync() || response.getStatus() < HttpStatus.BAD_REQUEST.value()) {
      return;
    }
    AtomicBoolean fullyRead = new AtomicBoolean(true);
    request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
    if (fullyRead.get()) {
      return;
    }
    // The answer goes out whole first; Tomcat closes on 408, 413 and the like.
    response.finishResponse();
    // Only where the answer said so (AccessFilter does on 401, 403 and 429), so no client reuses
    // the connection.
    if (CLOSE.equalsIgnoreCase(response.getHeader(HttpHeaders.CONNECTION))) {
      request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }
  }
}
