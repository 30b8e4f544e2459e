package dev.sift.service.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Caps the request body of every request. The rule is chosen by the path as Spring MVC parses it
 * (decoded, matrix parameters dropped), so {@code triage;x} or {@code %74riage} meets the same
 * limit as {@code triage}; a request that no rule names gets the smallest limit. A declared
 * Content-Length over the limit is refused before anything is read; a chunked body is counted as it
 * is read and refused once it passes the limit. A body still arriving {@code bodyTimeout} after the
 * request began is refused too (408 {@link ProblemType#BODY_TIMEOUT}). The filter runs right after
 * authentication and before Spring's form filter, which reads a form-encoded PUT whole. Refusals
 * are {@link ProblemType#PAYLOAD_TOO_LARGE} (413) problems. Multipart bodies are parsed by Tomcat
 * from its own stream, so a multipart upload is capped by Spring's multipart limits instead (and
 * parsed only by the endpoint that takes one: {@code spring.servlet.multipart.resolve-lazily}).
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

  /**
   * After {@code AccessFilter} (nothing is read for an unknown caller), before Spring's {@code
   * FormContentFilter}.
   */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

  /** The most a body may hold, and what the refusal calls it ("A triage request"). */
  record Limit(long maxBytes, String what) {}

  /**
   * A limit for requests whose method and path (within the application, as Spring MVC parses it)
   * match.
   */
  record Rule(HttpMethod method, PathPattern path, Limit limit) {

    Rule(HttpMethod method, String path, long maxBytes, String what) {
      this(method, PathPatternParser.defaultInstance.parse(path), new Limit(maxBytes, what));
    }

    boolean matches(HttpServletRequest request, PathContainer path) {
      return method.matches(request.getMethod()) && this.path.matches(path);
    }
  }

  private final List<Rule> rules;
  private final Limit otherwise;
  private final Duration bodyTimeout;
  private final HandlerExceptionResolver problems;

  /**
   * @param rules the endpoints that take a body; the first match applies
   * @param otherwise the limit of every other request
   * @param bodyTimeout how long after the request began its body may still be read
   * @param problems renders a refusal outside Spring MVC
   */
  RequestBodyLimitFilter(
      List<Rule> rules, Limit otherwise, Duration bodyTimeout, HandlerExceptionResolver problems) {
    this.rules = List.copyOf(rules);
    this.otherwise = otherwise;
    this.bodyTimeout = bodyTimeout;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    PathContainer path = ServletRequestPathUtils.parseAndCache(request).pathWithinApplication();
    Limit limit =
        rules.stream()
            .filter(r -> r.matches(request, path))
            .map(Rule::limit)
            .findFirst()
            .orElse(otherwise);
    try {
      if (request.getContentLengthLong() > limit.maxBytes()) {
        throw ProblemException.payloadTooLarge(limit.maxBytes(), limit.what());
      }
      chain.doFilter(
          new LimitedRequest(
              request, limit, System.nanoTime() + bodyTimeout.toNanos(), bodyTimeout),
          response);
    } catch (ProblemException e) {
      // Thrown by a filter that read the body before Spring MVC (which renders its own), such as
      // the form filter.
      if (response.isCommitted()) {
        throw e;
      }
      problems.resolveException(request, response, null, e);
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final Limit limit;
    private final long deadlineNanos;
    private final Duration timeout;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, Limit limit, long deadlineNanos, Duration timeout) {
      super(request);
      this.limit = limit;
      this.deadlineNanos = deadlineNanos;
      this.timeout = timeout;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedInputStream(super.getInputStream(), limit, deadlineNanos, timeout);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  private static final class LimitedInputStream extends ServletInputStream {
    private final ServletInputStream in;
    private final Limit limit;
    private final long deadlineNanos;
    private final Duration timeout;
    private long read;

    LimitedInputStream(ServletInputStream in, Limit limit, long deadlineNanos, Duration timeout) {
      this.in = in;
      this.limit = limit;
      this.deadlineNanos = deadlineNanos;
      this.timeout = timeout;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      // Checked as each read returns: a client trickling bytes is caught at its next byte past the
      // deadline.
      if (System.nanoTime() - deadlineNanos > 0) {
        throw new ProblemException(
                ProblemType.BODY_TIMEOUT,
                "The request body was still arriving "
                    + timeout.toSeconds()
                    + " s after the request began; send it at once.")
            .with("timeoutSeconds", timeout.toSeconds());
      }
      read += n;
      if (read > limit.maxBytes()) {
        throw ProblemException.payloadTooLarge(limit.maxBytes(), limit.what());
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
