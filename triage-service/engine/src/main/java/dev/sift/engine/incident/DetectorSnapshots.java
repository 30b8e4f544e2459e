package dev.sift.engine.incident;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;
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
   * A vector's stored text, base64 of little-endian float32, written into the JSON as it is: the
   * same string {@link StoredCluster#vectors} reads back.
   */
  @JsonSerialize(using = Base64Text.Writer.class)
  record Base64Text(byte[] ascii) {

    /**
     * Writes the cached ASCII as a JSON string without re-encoding or escaping it (base64 needs
     * none).
     */
    static final class Writer extends ValueSerializer<Base64Text> {
      @Override
      public void serialize(Base64Text v, JsonGenerator gen, SerializationContext ctxt) {
        gen.writeRawUTF8String(v.ascii(), 0, v.ascii().length);
      }
    }
  }

  /** {@link StoredCluster} as written: the same JSON, with vectors from {@link #VECTOR_TEXT}. */
  record WrittenCluster(
      String id,
      List<TicketArrival> members,
      List<Base64Text> vectors,
      String state,
      boolean candidate,
      double score,
      double usualRatePerHour,
      String reason) {}

  /** {@link StoredWindow} as written. */
  record WrittenWindow(List<WrittenCluster> open, List<WrittenCluster> candidates) {}

  /**
   * Each windowed vector's base64 text, by the vector's identity (a cluster never changes a vector
   * it holds): a window is written whole, up to once per observation on a shared store, and
   * encoding every vector every time was most of a triage's CPU there. Entries go with their
   * vectors (weak keys); the bound only caps a burst.
   */
  private static final Cache<float[], Base64Text> VECTOR_TEXT =
      Caffeine.newBuilder()
          .weakKeys()
          .maximumWeight(64L << 20)
          .weigher((float[] k, Base64Text v) -> v.ascii().length)
          .build();

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

  static final JsonMapper JSON = JsonMapper.builder().build();

  private DetectorSnapshots() {}

  static byte[] encode(StoredWindow window) {
    return JSON.writeValueAsBytes(window);
  }

  /** The snapshot as stored: vectors to base64 (each once, then cached), then JSON. */
  static byte[] encode(WindowSnapshot window) {
    return JSON.writeValueAsBytes(
        new WrittenWindow(
            window.open().stream().map(DetectorSnapshots::written).toList(),
            window.candidates().stream().map(DetectorSnapshots::written).toList()));
  }

  private static WrittenCluster written(ClusterSnapshot c) {
    List<Base64Text> vectors = new ArrayList<>(c.vectors().size());
    for (float[] v : c.vectors()) {
      vectors.add(VECTOR_TEXT.get(v, DetectorSnapshots::base64));
    }
    return new WrittenCluster(
        c.id(),
        c.members(),
        vectors,
        c.state(),
        c.candidate(),
        c.score(),
        c.usualRatePerHour(),
        c.reason());
  }

  /** A vector as stored text: base64 of little-endian float32, each vector encoded once. */
  static String vectorText(float[] v) {
    return new String(
        VECTOR_TEXT.get(v, DetectorSnapshots::base64).ascii(), StandardCharsets.US_ASCII);
  }

  /** A vector read back from {@link #vectorText}. */
  static float[] vector(String text, int dimension) {
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[dimension];
    b.asFloatBuffer().get(v);
    return v;
  }

  private static Base64Text base64(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return new Base64Text(Base64.getEncoder().encode(b.array()));
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

  static Cluster restore(String tenant, StoredCluster s, int dimension) {
    Cluster c = new Cluster(s.id(), tenant, dimension);
    for (int i = 0; i < s.members().size(); i++) {
      float[] v = vector(s.vectors().get(i), dimension);
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
