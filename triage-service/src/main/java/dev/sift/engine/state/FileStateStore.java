package dev.sift.engine.state;

import dev.sift.engine.AtomicFiles;
import dev.sift.index.TenantNames;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * State of one instance in a directory: {@code <tenant>.json} replaced atomically (readers and a restart after a crash
 * see the old content or the new, never half), and {@code <tenant>.log} of length-prefixed records. Not shared:
 * versions count this process's writes (a file found at start-up is version 1), and updates lock in memory.
 */
public final class FileStateStore implements StateStore {

  private static final String STATE_SUFFIX = ".json";
  private static final String LOG_SUFFIX = ".log";

  private final Path dir;
  private final ConcurrentHashMap<String, Long> versions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  public FileStateStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StateException("cannot create state directory " + dir, e);
    }
  }

  @Override
  public boolean shared() {
    return false;
  }

  @Override
  public Optional<Versioned> read(String tenant) {
    synchronized (lock(tenant)) {
      byte[] content = content(tenant);
      return content == null ? Optional.empty() : Optional.of(new Versioned(versionOf(tenant), content));
    }
  }

  @Override
  public OptionalLong version(String tenant) {
    synchronized (lock(tenant)) {
      return Files.exists(state(tenant)) ? OptionalLong.of(versionOf(tenant)) : OptionalLong.empty();
    }
  }

  @Override
  public long write(String tenant, byte[] content) {
    synchronized (lock(tenant)) {
      return store(tenant, content);
    }
  }

  @Override
  public <T> Applied<T> update(String tenant, long knownVersion, Change<T> change) {
    synchronized (lock(tenant)) {
      byte[] content = content(tenant);
      long version = content == null ? 0 : versionOf(tenant);
      Result<T> result = change.apply(new Current(version, version == knownVersion ? null : content));
      if (result.content() != null) {
        version = store(tenant, result.content());
      }
      return new Applied<>(version, result.value());
    }
  }

  @Override
  public boolean delete(String tenant) {
    synchronized (lock(tenant)) {
      versions.remove(tenant);
      try {
        Files.deleteIfExists(log(tenant));
        return Files.deleteIfExists(state(tenant));
      } catch (IOException e) {
        throw new StateException("cannot delete state of tenant " + tenant + " in " + dir, e);
      }
    }
  }

  @Override
  public Set<String> tenants() {
    Set<String> tenants = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(STATE_SUFFIX))
          .forEach(n -> tenants.add(n.substring(0, n.length() - STATE_SUFFIX.length())));
    } catch (IOException e) {
      throw new StateException("cannot list state in " + dir, e);
    }
    return tenants;
  }

  @Override
  public void append(String tenant, byte[] record) {
    ByteBuffer framed = ByteBuffer.allocate(Integer.BYTES + record.length).putInt(record.length).put(record).flip();
    synchronized (lock(tenant)) {
      try (FileChannel ch = FileChannel.open(log(tenant), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        while (framed.hasRemaining()) {
          ch.write(framed);
        }
        ch.force(false);
      } catch (IOException e) {
        throw new StateException("cannot append to the log of tenant " + tenant + " in " + dir, e);
      }
    }
  }

  /** Reads up to a torn last record (a crash during an append), which is ignored. */
  @Override
  public void readLog(String tenant, Consumer<byte[]> visitor) {
    try (InputStream in = Files.newInputStream(log(tenant)); DataInputStream data = new DataInputStream(in)) {
      while (true) {
        int length;
        try {
          length = data.readInt();
        } catch (EOFException end) {
          return;
        }
        byte[] record = data.readNBytes(length);
        if (record.length < length) {
          return;
        }
        visitor.accept(record);
      }
    } catch (NoSuchFileException e) {
      // no log yet
    } catch (IOException e) {
      throw new StateException("cannot read the log of tenant " + tenant + " in " + dir, e);
    }
  }

  private byte[] content(String tenant) {
    try {
      return Files.readAllBytes(state(tenant));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StateException("cannot read state of tenant " + tenant + " in " + dir, e);
    }
  }

  private long store(String tenant, byte[] content) {
    long next = Files.exists(state(tenant)) ? versionOf(tenant) + 1 : 1;
    try {
      AtomicFiles.write(state(tenant), content);
    } catch (IOException e) {
      throw new StateException("cannot write state of tenant " + tenant + " in " + dir, e);
    }
    versions.put(tenant, next);
    return next;
  }

  private long versionOf(String tenant) {
    return versions.computeIfAbsent(tenant, t -> 1L);
  }

  private Object lock(String tenant) {
    TenantNames.require(tenant);
    return locks.computeIfAbsent(tenant, t -> new Object());
  }

  private Path state(String tenant) {
    return dir.resolve(tenant + STATE_SUFFIX);
  }

  private Path log(String tenant) {
    return dir.resolve(tenant + LOG_SUFFIX);
  }
}
