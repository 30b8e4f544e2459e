package dev.sift.engine.incident;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes each tenant's detector state as JSON for a {@link dev.sift.engine.state.StateStore}, and
 * decodes it, so that open clusters and candidates survive a restart and, on a shared store, move
 * between replicas.
 */
final class DetectorSnapshots {

  /** One cluster as stored. Vectors are little-endian float32, base64. */
  record StoredCluster(
      String id,
      List<TicketArrival> members,
      List<String> vectors,
      String state,
      boolean candidate,
      double score,
      double usualRatePerHour,
      String reason) {}

  /** One tenant's window as stored. */
  record StoredWindow(List<StoredCluster> open, List<StoredCluster> candidates) {}

  /**
   * One cluster as it stood when its window was snapshotted: copied lists of immutable members and
   * of the member vectors, which a cluster never changes once added. Taking it costs a copy of two
   * lists, so it is taken under the window's lock and encoded outside it.
   */
  record ClusterSnapshot(
      String id,
      List<TicketArrival> members,
      List<float[]> vectors,
      String state,
      boolean candidate,
      double score,
      double usualRatePerHour,
      String reason) {}

  /** One tenant's window as it stood: its open clusters and its candidates. */
  record WindowSnapshot(List<ClusterSnapshot> open, List<ClusterSnapshot> candidates) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private DetectorSnapshots() {}

  static byte[] encode(StoredWindow window) {
    return JSON.writeValueAsBytes(window);
  }

  /** The snapshot as stored: vectors to base64, then JSON. The costly part of a write. */
  static byte[] encode(WindowSnapshot window) {
    return encode(
        new StoredWindow(
            window.open().stream().map(DetectorSnapshots::store).toList(),
            window.candidates().stream().map(DetectorSnapshots::store).toList()));
  }

  static ClusterSnapshot snapshot(Cluster c) {
    return new ClusterSnapshot(
        c.id,
        List.copyOf(c.members),
        List.copyOf(c.vectors),
        c.state.name(),
        c.candidate,
        c.score,
        c.usualRatePerHour,
        c.reason);
  }

  static StoredWindow decode(byte[] content) {
    return JSON.readValue(content, StoredWindow.class);
  }

  static StoredCluster store(ClusterSnapshot c) {
    List<String> vectors = new ArrayList<>(c.vectors().size());
    for (float[] v : c.vectors()) {
      ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(v);
      vectors.add(Base64.getEncoder().encodeToString(b.array()));
    }
    return new StoredCluster(
        c.id(),
        c.members(),
        vectors,
        c.state(),
        c.candidate(),
        c.score(),
        c.usualRatePerHour(),
        c.reason());
  }

  static Cluster restore(String tenant, StoredCluster s, int dimension) {
    Cluster c = new Cluster(s.id(), tenant, dimension);
    for (int i = 0; i < s.members().size(); i++) {
      ByteBuffer b =
          ByteBuffer.wrap(Base64.getDecoder().decode(s.vectors().get(i)))
              .order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[dimension];
      b.asFloatBuffer().get(v);
      TicketArrival m = s.members().get(i);
      c.add(
          new TicketArrival(
              m.id(),
              m.subject(),
              m.requester(),
              m.client(),
              m.createdAt() == null ? Instant.EPOCH : m.createdAt()),
          v);
    }
    c.state = IncidentState.valueOf(s.state());
    c.candidate = s.candidate();
    c.score = s.score();
    c.usualRatePerHour = s.usualRatePerHour();
    c.reason = s.reason();
    return c;
  }
}
