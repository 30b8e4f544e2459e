package dev.sift.engine.state;

import dev.sift.engine.AtomicFiles;
import dev.sift.index.TenantNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * State of one instance in a directory: {@code <tenant>.json} replaced atomically (readers and a
 * restart after a crash see the old content or the new, never half), and {@code <tenant>.log} of
 * length-prefixed records. Not shared: versions count this process's writes (a file found at
 * start-up is version 1), and updates lock in memory.
 */
public final class FileStateStore implements StateStore {

  private static final String STATE_SUFFIX = ".json";

  private final Path dir;
  private final ConcurrentHashMap<String, Long> versions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
  private final LogFiles logs;

  public FileStateStore(Path dir) {
    this.dir = dir;
    this.logs = new LogFiles(dir);
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
      return content == null
          ? Optional.empty()
          : Optional.of(new Versioned(versionOf(tenant), content));
    }
  }

  @Override
  public OptionalLong version(String tenant) {
    synchronized (lock(tenant)) {
      return Files.exists(state(tenant))
          ? OptionalLong.of(versionOf(tenant))
          : OptionalLong.empty();
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
      Result<T> result =
          change.apply(new Current(version, version == knownVersion ? null : content));
      if (result.content() != null) {
        version = store(tenant, result.content());
      }
      return new Applied<>(version, result.value());
    }
  }

  @Override
  public boolean delete(String tenant) {
    synchronized (lock(tenant)) {
      // The version is kept: state written again after a delete gets a higher one, never one seen
      // before.
      try {
        logs.delete(tenant);
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
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(STATE_SUFFIX))
          .forEach(n -> tenants.add(n.substring(0, n.length() - STATE_SUFFIX.length())));
    } catch (IOException e) {
      throw new StateException("cannot list state in " + dir, e);
    }
    return tenants;
  }

  @Override
  public long append(String tenant, byte[] record) {
    return appendAll(tenant, List.of(record))[0];
  }

  /** Each record is framed as its length, its sequence number and its bytes; one sync for all. */
  @Override
  public long[] appendAll(String tenant, List<byte[]> records) {
    synchronized (lock(tenant)) {
      return logs.append(tenant, records);
    }
  }

  /** Reads up to a torn last record (a crash during an append), which is ignored. */
  @Override
  public void readLog(String tenant, long afterSeq, LogVisitor visitor) {
    synchronized (lock(tenant)) {
      logs.read(tenant, afterSeq, visitor);
    }
  }

  @Override
  public void truncateLog(String tenant, long keepFromSeq) {
    synchronized (lock(tenant)) {
      logs.truncate(tenant, keepFromSeq);
    }
  }

  @Override
  public <T> Logged<T> updateJournal(String tenant, Position known, JournaledChange<T> change) {
    synchronized (lock(tenant)) {
      // The snapshot and the log are read only for a caller that lacks them: one process writes a
      // busy tenant's window behind every second, and both may hold megabytes.
      boolean hasSnapshot = Files.exists(state(tenant));
      long version = hasSnapshot ? versionOf(tenant) : 0;
      boolean reloaded = version != known.version();
      byte[] content = reloaded && hasSnapshot ? content(tenant) : null;
      List<LogRecord> log = new ArrayList<>();
      if (reloaded || known.seq() < logs.lastSeq(tenant)) {
        logs.read(
            tenant,
            reloaded ? 0 : known.seq(),
            (seq, record) -> log.add(new LogRecord(seq, record)));
      }
      long seq = log.isEmpty() ? (reloaded ? 0 : known.seq()) : log.getLast().seq();
      Entries<T> entries = change.apply(new Journal(reloaded, content, hasSnapshot, log));
      try {
        if (entries.snapshot() != null) {
          version = store(tenant, entries.snapshot());
          logs.delete(tenant);
          seq = 0;
        } else if (entries.append() != null && !entries.append().isEmpty()) {
          long[] seqs = logs.append(tenant, entries.append());
          seq = seqs[seqs.length - 1];
        }
      } catch (IOException e) {
        throw new StateException("cannot write the journal of tenant " + tenant + " in " + dir, e);
      }
      return new Logged<>(new Position(version, seq), entries.value());
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
    long next =
        (Files.exists(state(tenant)) ? versionOf(tenant) : versions.getOrDefault(tenant, 0L)) + 1;
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
}
