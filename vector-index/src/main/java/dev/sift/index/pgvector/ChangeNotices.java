package dev.sift.index.pgvector;

import dev.sift.index.TenantNames;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a write tells the replicas' {@link Mirror}s: PostgreSQL's {@code NOTIFY} on one channel,
 * sent inside the write's own transaction, so it is delivered after the commit and only then. The
 * payload is the tenant and the ids it changed, or the tenant alone when the whole tenant changed
 * (a replace, a delete of the tenant, or more ids than a payload holds). A mirror reads each named
 * id again from the table, so a notice needs no content and the order notices arrive in does not
 * matter.
 */
final class ChangeNotices {

  static final String CHANNEL = "sift_ticket_changes";

  /** PostgreSQL refuses payloads of 8,000 bytes or more; this leaves room for the tenant. */
  static final int MAX_PAYLOAD_BYTES = 7_000;

  /** Above this many ids a mirror reloads the tenant instead of reading each one again. */
  static final int MAX_IDS = 64;

  private static final String NOTIFY = "SELECT pg_notify(?, ?)";
  private static final char SEPARATOR = '\n';

  /** One change: the tenant's {@code ids}, or the whole tenant where {@code ids} is empty. */
  record Notice(String tenant, List<String> ids) {

    boolean wholeTenant() {
      return ids.isEmpty();
    }

    static Optional<Notice> parse(String payload) {
      String[] parts = payload.split(String.valueOf(SEPARATOR), -1);
      if (!TenantNames.isValid(parts[0])) {
        return Optional.empty(); // a staging name, or another writer's channel use
      }
      return Optional.of(
          new Notice(parts[0], List.copyOf(Arrays.asList(parts).subList(1, parts.length))));
    }
  }

  private ChangeNotices() {}

  /** Tells the mirrors, at commit, that these ids of the tenant changed. */
  static void changed(Connection c, String tenant, List<String> ids) throws SQLException {
    if (!TenantNames.isValid(tenant)) {
      return; // a rebuild's staging rows: no replica searches them, the swap announces them
    }
    send(c, CHANNEL, encode(tenant, ids));
  }

  /** Tells the mirrors, at commit, that the tenant changed as a whole. */
  static void replaced(Connection c, String tenant) throws SQLException {
    if (TenantNames.isValid(tenant)) {
      send(c, CHANNEL, tenant);
    }
  }

  static String encode(String tenant, List<String> ids) {
    if (ids.isEmpty() || ids.size() > MAX_IDS) {
      return tenant;
    }
    StringBuilder payload = new StringBuilder(tenant);
    for (String id : ids) {
      if (id.indexOf(SEPARATOR) >= 0) {
        return tenant;
      }
      payload.append(SEPARATOR).append(id);
    }
    String text = payload.toString();
    return text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES ? tenant : text;
  }

  /** Sends {@code payload} on {@code channel}, delivered when {@code c}'s transaction commits. */
  static void send(Connection c, String channel, String payload) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(NOTIFY)) {
      ps.setString(1, channel);
      ps.setString(2, payload);
      ps.execute();
    }
  }
}
