package dev.sift.service.system;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.springframework.http.HttpStatus;

/**
 * Ends the connection after an error answered before the request body was read (401 for a missing
 * key, 408 for a body too slow, 413), instead of letting Tomcat read and discard the rest of the
 * body to keep the connection alive: a client trickling its body, or sending far more than it may,
 * would otherwise hold the request thread for as long as it keeps sending.
 *
 * <p>Before it closes, it lingers: it discards what the client is still sending, for as long as the
 * bytes keep coming without a pause of {@link #LINGER_IDLE} and at most {@link #LINGER}. A socket
 * closed with unread bytes in its receive buffer is reset, not closed, and a reset that reaches the
 * client before it has read the answer destroys the answer too: a client that had sent 3 MB against
 * a 2 MB limit sometimes read "connection reset" instead of the 413. A client that stops sending (a
 * trickle, or one waiting for the answer) costs at most the idle pause.
 */
final class UnreadBodyValve extends ValveBase {

  /** Longest the rest of a refused body is read after the answer went out. */
  static final Duration LINGER = Duration.ofSeconds(2);

  /** A pause in the client's bytes this long ends the lingering early. */
  static final Duration LINGER_IDLE = Duration.ofMillis(250);

  /** How often a lingering connection is polled for bytes, without blocking on the socket. */
  private static final long POLL_MILLIS = 5;

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
    org.apache.coyote.Request coyote = request.getCoyoteRequest();
    if (fullyRead(coyote)) {
      return;
    }
    // The answer goes out whole first.
    response.finishResponse();
    if (!linger(coyote)) {
      // Tomcat would otherwise read the rest, however long it takes; this also closes the
      // connection (an error state), so no client reuses it.
      coyote.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }
  }

  private static boolean fullyRead(org.apache.coyote.Request coyote) {
    AtomicBoolean fullyRead = new AtomicBoolean(true);
    coyote.action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
    return fullyRead.get();
  }

  /**
   * Discards the body's bytes as they arrive, polling rather than blocking on the socket so that a
   * silent client cannot hold the thread past the idle pause. True when the body ended.
   */
  private static boolean linger(org.apache.coyote.Request coyote) {
    long deadline = System.nanoTime() + LINGER.toNanos();
    long idleSince = System.nanoTime();
    Discard discard = new Discard();
    try {
      while (true) {
        if (fullyRead(coyote)) {
          return true;
        }
        long now = System.nanoTime();
        if (now > deadline || now - idleSince > LINGER_IDLE.toNanos()) {
          return false;
        }
        coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
        if (coyote.getAvailable() > 0) {
          if (coyote.doRead(discard) < 0) {
            return true;
          }
          idleSince = System.nanoTime();
        } else {
          Thread.sleep(POLL_MILLIS);
        }
      }
    } catch (IOException e) {
      return false; // the client went away: nothing left to protect
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Takes whatever Tomcat read and drops it. */
  private static final class Discard implements ApplicationBufferHandler {
    private ByteBuffer buffer = ApplicationBufferHandler.EMPTY_BUFFER;

    @Override
    public void setByteBuffer(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public ByteBuffer getByteBuffer() {
      return buffer;
    }

    @Override
    public void expand(int size) {
      // Nothing is kept, so nothing needs room.
    }
  }
}
