package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small real-HTTP client for the service under test: plain JDK HttpClient, JSON through Jackson.
 */
final class Http {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** The admin key of every service test, from src/test/resources/config/application.properties. */
  static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String key;

  /** A client sending the tests' admin key. */
  Http(int port) {
    this("http://localhost:" + port, ADMIN_KEY);
  }

  private Http(String base, String key) {
    this.base = base;
    this.key = key;
  }

  /** The same server with another API key, or with none when {@code key} is null. */
  Http withKey(String key) {
    return new Http(base, key);
  }

  /** A response with its body read as text. */
  record Reply(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
    /** The first value of a response header, or null. */
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    JsonNode json() {
      return JSON.readTree(body);
    }

    /**
     * Asserts an RFC 9457 problem with the given status and Sift type, for the given request path.
     */
    JsonNode assertProblem(int expectedStatus, String typeSlug, String path) {
      assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
      assertThat(contentType).startsWith("application/problem+json");
      JsonNode problem = json();
      assertThat(problem.path("type").asString())
          .isEqualTo("https://sift.dev/problems/" + typeSlug);
      assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
      assertThat(problem.path("instance").asString()).isEqualTo(path);
      assertThat(problem.path("title").asString()).isNotBlank().doesNotContain("Exception");
      assertThat(problem.path("detail").asString()).isNotBlank().doesNotContain("Exception");
      return problem;
    }
  }

  Reply get(String path) {
    return send(request(path).GET());
  }

  Reply delete(String path) {
    return send(request(path).DELETE());
  }

  Reply putJson(String path, Object body) {
    String json = body instanceof String s ? s : JSON.writeValueAsString(body);
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** The value of a response header of a GET, for headers the Reply does not keep. */
  String getHeader(String path, String header) {
    try {
      return client
          .send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding())
          .headers()
          .firstValue(header)
          .orElse(null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply postJson(String path, Object body, String... headers) {
    String json = body instanceof String s ? s : JSON.writeValueAsString(body);
    return post(path, "application/json", json, headers);
  }

  Reply post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder b =
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  /** Posts without a Content-Length, so the server only learns the size while reading. */
  Reply postChunked(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
  }

  /** Puts without a Content-Length, so the server only learns the size while reading. */
  Reply putChunked(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
  }

  /**
   * Posts multipart/form-data with one file part named {@code file} (when content is not null) and
   * text fields.
   */
  Reply multipart(String path, String fileName, byte[] content, Map<String, String> fields) {
    String boundary = "sift-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fields.forEach(
        (name, value) ->
            write(
                out,
                "--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + name
                    + "\"\r\n\r\n"
                    + value
                    + "\r\n"));
    if (content != null) {
      write(
          out,
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
              + fileName
              + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
      out.writeBytes(content);
      write(out, "\r\n");
    }
    write(out, "--" + boundary + "--\r\n");
    return send(
        request(path)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
  }

  /**
   * How long a test waits for an import job to end; generous, as a refit of 2,000 tickets took 107
   * s on the shared 2-core machine at load average 24.
   */
  static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(5);

  private static final long POLL_MILLIS = 100;

  /**
   * Uploads history as {@link #multipart} does, asserts the 202 with a Location to the job, and
   * polls that job until it ends; returns the ended job ({@code state}, {@code rowsRead}, {@code
   * imported}, {@code skippedRows}...).
   */
  JsonNode importHistory(String path, String fileName, byte[] content, Map<String, String> fields) {
    Reply accepted = multipart(path, fileName, content, fields);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    return awaitJob(accepted);
  }

  /** Polls the job behind a 202 (its Location header) until it has ended, and returns it. */
  JsonNode awaitJob(Reply accepted) {
    String location = accepted.header("Location");
    assertThat(location).as("Location of the job").startsWith("/v1/jobs/");
    long deadline = System.nanoTime() + IMPORT_TIMEOUT.toNanos();
    while (true) {
      JsonNode job = get(location).json();
      if (!job.path("state").asString().matches("queued|running")) {
        return job;
      }
      assertThat(System.nanoTime())
          .as("job %s ends within %s", location, IMPORT_TIMEOUT)
          .isLessThan(deadline);
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + location, e);
      }
    }
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  Reply send(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder b =
        request(path)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  /**
   * Sends {@code request} byte for byte over a socket of its own and reads the answer until the
   * server closes it: for requests the JDK client will not send (a TRACE, a broken
   * Transfer-Encoding or chunk). End the head with {@code Connection: close}.
   */
  Reply raw(String request) {
    return trickle(request, "", Duration.ZERO, Duration.ofSeconds(30));
  }

  /**
   * Sends {@code head} at once, then {@code body} one byte every {@code every} (as a slow client
   * does), and reads the answer until the server closes the connection; fails when it has not
   * within {@code timeout}.
   */
  Reply trickle(String head, String body, Duration every, Duration timeout) {
    URI uri = URI.create(base);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout((int) timeout.toMillis());
      java.io.OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread sender =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
                        Thread.sleep(every);
                        out.write(b);
                        out.flush();
                      }
                    } catch (java.io.IOException | InterruptedException e) {
                      // the server closed the connection, or the test is done
                    }
                  });
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      sender.interrupt();
      int headEnd = answer.indexOf("\r\n\r\n");
      String[] lines = answer.substring(0, headEnd).split("\r\n");
      Map<String, java.util.List<String>> headers =
          new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers
            .computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new java.util.ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
      String text = answer.substring(headEnd + 4);
      if (headers.getOrDefault("Transfer-Encoding", java.util.List.of()).contains("chunked")) {
        text = dechunk(text);
      }
      String contentType = headers.getOrDefault("Content-Type", java.util.List.of("")).getFirst();
      return new Reply(
          Integer.parseInt(lines[0].split(" ")[1]),
          contentType,
          text,
          java.net.http.HttpHeaders.of(headers, (name, value) -> true));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    return key == null ? b : b.header("Authorization", "Bearer " + key);
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
