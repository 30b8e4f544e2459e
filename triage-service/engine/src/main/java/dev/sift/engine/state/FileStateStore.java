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
import java.util.stream.Stream;

/**
 * State of one instance in a directory: {@code <tenant>.json} replaced atomically (readers and a
 * restart after a crash see the old content or the new, never half), and {@code <tenant>.log} of
 * length-prefixed records. Not shared: versions count this process's writes (a file found at
 * start-up is version 1), and updates lock in memory.
 */
public final class FileStateStore implements StateStore {

  private static final String STATE_SUFFIX = ".json";
  private static final String LOG_SUFFIX = ".log";

  /**
   * Larger than any record written (a prediction line is well under a kilobyte); a longer length is
   * a tear.
   */
  private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

  private final Path dir;
  private final ConcurrentHashMap<String, Long> versions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  /** The last sequence number in each tenant's log, read once. */
  private final ConcurrentHashMap<String, Long> lastSeqs = new ConcurrentHashMap<>();

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
    return appendAll(tenant, java.util.List.of(record))[0];
  }

  /** Each record is framed as its length, its sequence number and its bytes; one sync for all. */
  @Override
  public long[] appendAll(String tenant, java.util.List<byte[]> records) {
    synchronized (lock(tenant)) {
      long seq = lastSeq(tenant);
      long[] seqs = new long[records.size()];
      java.io.ByteArrayOutputStream framed = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < seqs.length; i++) {
        byte[] record = records.get(i);
        seqs[i] = ++seq;
        framed.writeBytes(
            ByteBuffer.allocate(Integer.BYTES + Long.BYTES)
                .putInt(record.length)
                .putLong(seq)
                .array());
        framed.writeBytes(record);
      }
      ByteBuffer buffer = ByteBuffer.wrap(framed.toByteArray());
      try (FileChannel ch =
          FileChannel.open(
              log(tenant),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        long before = ch.size();
        try {
          while (buffer.hasRemaining()) {
            ch.write(buffer);
          }
          ch.force(false);
        } catch (IOException e) {
          // A half-written record (a full disk) would hide every later one: cut it off, or re-check
          // at next use.
          lastSeqs.remove(tenant);
          try {
            ch.truncate(before);
          } catch (IOException cut) {
            e.addSuppressed(cut);
          }
          throw e;
        }
      } catch (IOException e) {
        throw new StateException("cannot append to the log of tenant " + tenant + " in " + dir, e);
      }
      lastSeqs.put(tenant, seq);
      return seqs;
    }
  }

  /** Reads up to a torn last record (a crash during an append), which is ignored. */
  @Override
  public void readLog(String tenant, long afterSeq, LogVisitor visitor) {
    synchronized (lock(tenant)) {
      scanLog(
          tenant,
          (seq, record) -> {
            if (seq > afterSeq) {
              visitor.visit(seq, record);
            }
          });
    }
  }

  @Override
  public void truncateLog(String tenant, long keepFromSeq) {
    synchronized (lock(tenant)) {
      java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
      scanLog(
          tenant,
          (seq, record) -> {
            if (seq >= keepFromSeq) {
              kept.writeBytes(
                  ByteBuffer.allocate(Integer.BYTES + Long.BYTES)
                      .putInt(record.length)
                      .putLong(seq)
                      .array());
              kept.writeBytes(record);
            }
          });
      if (!Files.exists(log(tenant))) {
        return;
      }
      try {
        AtomicFiles.write(log(tenant), kept.toByteArray());
      } catch (IOException e) {
        throw new StateException("cannot truncate the log of tenant " + tenant + " in " + dir, e);
      }
    }
  }

  /**
   * The last sequence number of the tenant's log, read once. A record torn by a crash is cut off
   * first: appending after it would hide every later record from readers, which stop at the tear.
   */
  private long lastSeq(String tenant) {
    return lastSeqs.computeIfAbsent(
        tenant,
        t -> {
          long[] last = {0};
          long whole = scanLog(t, (seq, record) -> last[0] = seq);
          try (FileChannel ch = FileChannel.open(log(t), StandardOpenOption.WRITE)) {
            if (ch.size() > whole) {
              ch.truncate(whole);
              ch.force(false);
            }
          } catch (NoSuchFileException e) {
            // no log yet
          } catch (IOException e) {
            throw new StateException("cannot repair the log of tenant " + t + " in " + dir, e);
          }
          return last[0];
        });
  }

  /** Visits every whole record and returns the length of the log up to the end of the last one. */
  private long scanLog(String tenant, LogVisitor visitor) {
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(log(tenant)));
        DataInputStream data = new DataInputStream(in)) {
      long whole = 0;
      while (true) {
        int length;
        long seq;
        try {
          length = data.readInt();
          seq = data.readLong();
        } catch (EOFException end) {
          return whole;
        }
        if (length < 0 || length > MAX_RECORD_BYTES) {
          return whole; // not a length a whole record can have: a tear
        }
        byte[] record = data.readNBytes(length);
        if (record.length < length) {
          return whole;
        }
        visitor.visit(seq, record);
        whole += Integer.BYTES + Long.BYTES + length;
      }
    } catch (NoSuchFileException e) {
      return 0; // no log yet
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

  private Path log(String tenant) {
    return dir.resolve(tenant + LOG_SUFFIX);
  }
}
