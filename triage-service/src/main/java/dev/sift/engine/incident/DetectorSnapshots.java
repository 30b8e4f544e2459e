package dev.sift.engine.incident;

import dev.sift.engine.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each tenant's detector state to {@code <dir>/<tenant>.json} and reads it back at start-up, so that open
 * clusters and candidates survive a restart. Files are replaced atomically; a torn write leaves the previous one.
 */
final class DetectorSnapshots {

  private static final Logger log = LoggerFactory.getLogger(DetectorSnapshots.class);

  /** One cluster as stored. Vectors are little-endian float32, base64. */
  record StoredCluster(String id, List<TicketArrival> members, List<String> vectors, String state,
      boolean candidate, double score, double usualRatePerHour, String reason) {}

  /** One tenant's window as stored. */
  record StoredWindow(List<StoredCluster> open, List<StoredCluster> candidates) {}

  private final Path dir;
  private final JsonMapper json = JsonMapper.builder().build();

  DetectorSnapshots(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create incident state directory " + dir, e);
    }
  }

  void save(String tenant, StoredWindow window) {
    try {
      AtomicFiles.write(dir.resolve(tenant + ".json"), json.writeValueAsBytes(window));
    } catch (IOException e) {
      log.warn("cannot save incident state of tenant {}: {}", tenant, e.getMessage());
    }
  }

  Map<String, StoredWindow> loadAll() {
    Map<String, StoredWindow> out = new java.util.HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        String name = f.getFileName().toString();
        try {
          out.put(name.substring(0, name.length() - ".json".length()), json.readValue(f.toFile(), StoredWindow.class));
        } catch (RuntimeException e) {
          log.warn("ignoring unreadable incident state {}: {}", f, e.getMessage());
        }
      }
    } catch (IOException e) {
      log.warn("cannot list incident state in {}: {}", dir, e.getMessage());
    }
    return out;
  }

  static StoredCluster store(Cluster c) {
    List<String> vectors = new ArrayList<>(c.vectors.size());
    for (float[] v : c.vectors) {
      ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(v);
      vectors.add(Base64.getEncoder().encodeToString(b.array()));
    }
    return new StoredCluster(c.id, List.copyOf(c.members), vectors, c.state.name(), c.candidate, c.score,
        c.usualRatePerHour, c.reason);
  }

  static Cluster restore(String tenant, StoredCluster s, int dimension) {
    Cluster c = new Cluster(s.id(), tenant, dimension);
    for (int i = 0; i < s.members().size(); i++) {
      ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s.vectors().get(i))).order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[dimension];
      b.asFloatBuffer().get(v);
      TicketArrival m = s.members().get(i);
      c.add(new TicketArrival(m.id(), m.subject(), m.requester(), m.client(),
          m.createdAt() == null ? Instant.EPOCH : m.createdAt()), v);
    }
    c.state = IncidentState.valueOf(s.state());
    c.candidate = s.candidate();
    c.score = s.score();
    c.usualRatePerHour = s.usualRatePerHour();
    c.reason = s.reason();
    return c;
  }
}
