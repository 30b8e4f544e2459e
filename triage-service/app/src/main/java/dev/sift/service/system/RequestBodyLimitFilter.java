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
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the request body of JSON endpoints. A declared Content-Length over the limit is refused before anything is
 * read; a chunked body is counted as it is read and refused once it passes the limit. Either way the handler sees
 * a {@link ProblemException} of type {@link ProblemType#PAYLOAD_TOO_LARGE} (413). Multipart uploads are capped by
 * Spring's multipart limits instead.
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

  /** A limit for requests whose method and path (without context path) match. */
  record Rule(String method, Pattern path, long maxBytes, String what) {}

  private final List<Rule> rules;

  RequestBodyLimitFilter(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    for (Rule rule : rules) {
      if (rule.method().equalsIgnoreCase(request.getMethod()) && rule.path().matcher(path).matches()) {
        chain.doFilter(new LimitedRequest(request, rule), response);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final Rule rule;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, Rule rule) {
      super(request);
      this.rule = rule;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (getContentLengthLong() > rule.maxBytes()) {
        throw ProblemException.payloadTooLarge(rule.maxBytes(), rule.what());
      }
      if (stream == null) {
        stream = new LimitedInputStream(super.getInputStream(), rule);
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
    private final Rule rule;
    private long read;

    LimitedInputStream(ServletInputStream in, Rule rule) {
      this.in = in;
      this.rule = rule;
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
      read += n;
      if (read > rule.maxBytes()) {
        throw ProblemException.payloadTooLarge(rule.maxBytes(), rule.what());
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
