package dev.sift.service.access;

import dev.sift.engine.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keys of the embedded default in one JSON file, replaced atomically and flushed to disk before a
 * new key is returned to the admin. The file holds hashes only.
 */
final class FileKeyStore implements KeyStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path file;
  private final List<ApiKey> keys = new ArrayList<>();

  FileKeyStore(Path file) {
    this.file = file;
    if (Files.exists(file)) {
      try {
        keys.addAll(JSON.readValue(file.toFile(), new TypeReference<List<ApiKey>>() {}));
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "cannot read API keys from " + file + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public synchronized void add(ApiKey key) {
    keys.add(key);
    save();
  }

  @Override
  public synchronized Optional<ApiKey> byHash(String sha256) {
    return keys.stream().filter(k -> k.sha256().equals(sha256)).findFirst();
  }

  @Override
  public synchronized Optional<ApiKey> byId(String id) {
    return keys.stream().filter(k -> k.id().equals(id)).findFirst();
  }

  @Override
  public synchronized List<ApiKey> all() {
    return List.copyOf(keys);
  }

  @Override
  public synchronized boolean revoke(String id, Instant at) {
    for (int i = 0; i < keys.size(); i++) {
      ApiKey k = keys.get(i);
      if (k.id().equals(id) && k.live()) {
        keys.set(i, k.revoked(at));
        save();
        return true;
      }
    }
    return false;
  }

  private void save() {
    try {
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(keys));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write API keys to " + file, e);
    }
  }
}
