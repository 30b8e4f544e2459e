package dev.sift.service.connectors;

import java.net.URI;
import java.util.List;

/**
 * The calls that post one triage back to the platform, in order, and the field decisions behind
 * them.
 *
 * @param decisions every platform field Sift had something to say about, applied or not
 * @param calls the platform API calls; each is retried on its own, and one failing does not stop
 *     the next
 */
record WriteBackPlan(List<FieldDecision> decisions, List<Call> calls) {

  WriteBackPlan {
    decisions = List.copyOf(decisions);
    calls = List.copyOf(calls);
  }

  /** One call to the platform's REST API, with a JSON body. */
  record Call(String method, URI uri, String body) {
    @Override
    public String toString() {
      return method + " " + uri.getPath();
    }
  }

  /**
   * {@code base} with {@code path} appended, keeping any path the base URL already has (a reverse
   * proxy's).
   */
  static URI resolve(URI base, String path) {
    String root = base.toString();
    return URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path);
  }
}
