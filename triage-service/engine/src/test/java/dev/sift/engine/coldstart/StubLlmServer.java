package dev.sift.engine.coldstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible chat endpoint on the loopback interface that answers with recorded
 * chat-completion payloads from {@code src/test/resources/llm}, one scripted reply per request, and
 * keeps every request it received.
 */
final class StubLlmServer implements AutoCloseable {

  /**
   * One scripted reply: a status, a payload file, optional Retry-After, and a delay before
   * answering.
   */
  record Reply(int status, String payload, String retryAfter, Duration delay) {
    static Reply ok(String payload) {
      return new Reply(200, payload, null, Duration.ZERO);
    }

    static Reply status(int status, String payload, String retryAfter) {
      return new Reply(status, payload, retryAfter, Duration.ZERO);
    }

    static Reply hang(Duration delay) {
      return new Reply(200, "valid.json", null, delay);
    }
  }

  /** A request as received. */
  record Received(Instant at, String path, String body) {}

  private final HttpServer server;
  private final Deque<Reply> script = new ArrayDeque<>();
  private Reply fallback = Reply.status(500, "error-500.json", null);
  private final List<Received> received = new CopyOnWriteArrayList<>();

  StubLlmServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  synchronized StubLlmServer then(Reply r) {
    script.addLast(r);
    return this;
  }

  /** The reply once the script is used up. */
  synchronized StubLlmServer otherwise(Reply r) {
    fallback = r;
    return this;
  }

  synchronized void reset() {
    script.clear();
    received.clear();
    fallback = Reply.status(500, "error-500.json", null);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private synchronized Reply next() {
    return script.isEmpty() ? fallback : script.removeFirst();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(Instant.now(), exchange.getRequestURI().getPath(), body));
    Reply r = next();
    try {
      if (!r.delay().isZero()) {
        Thread.sleep(r.delay().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    byte[] payload = payload(r.payload());
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (r.retryAfter() != null) {
      exchange.getResponseHeaders().add("Retry-After", r.retryAfter());
    }
    try {
      exchange.sendResponseHeaders(r.status(), payload.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(payload);
      }
    } catch (IOException clientGone) {
      // The client gave up (a timeout test); nothing to answer.
    }
  }

  private static byte[] payload(String name) {
    try (InputStream in = StubLlmServer.class.getResourceAsStream("/llm/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no recorded payload " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
