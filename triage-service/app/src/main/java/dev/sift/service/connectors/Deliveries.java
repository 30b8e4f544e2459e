package dev.sift.service.connectors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delivery ids of webhooks recently handled, so that a platform resending one (after a timeout
 * on its side, say) does not put a second note on the ticket. Jira's {@code
 * X-Atlassian-Webhook-Identifier} stays the same across its retries; Zammad sends {@code
 * X-Zammad-Delivery}. Kept in memory, per instance, oldest forgotten first.
 */
final class Deliveries {

  /** Far more than the deliveries any platform retries within its retry window. */
  static final int REMEMBERED = 10_000;

  private final Map<String, Boolean> seen =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** Claims a delivery: true the first time, false when it was claimed before and not released. */
  synchronized boolean claim(String connector, String delivery) {
    return seen.putIfAbsent(connector + "\n" + delivery, Boolean.TRUE) == null;
  }

  /** Forgets a delivery whose handling failed, so that the platform's retry is handled again. */
  synchronized void release(String connector, String delivery) {
    seen.remove(connector + "\n" + delivery);
  }
}
