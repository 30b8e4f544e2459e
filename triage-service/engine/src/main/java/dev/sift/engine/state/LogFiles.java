package dev.sift.engine.state;

import dev.sift.engine.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code <tenant>.log} files of a {@link FileStateStore}: records framed as their length, their
 * sequence number and their bytes, read up to a record torn by a crash. Callers hold the tenant's
 * lock.
 */
final class LogFiles {

  private static final String SUFFIX = ".log";

  /**
   * Larger than any record written (a prediction line is well under a kilobyte); a longer length is
   * a tear.
   */
  private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

  private static final int HEADER_BYTES = Integer.BYTES + Long.BYTES;

  private final Path dir;

  /** The last sequence number in each tenant's log, read once. */
  private final ConcurrentHashMap<String, Long> lastSeqs = new ConcurrentHashMap<>();

  LogFiles(Path dir) {
    this.dir = dir;
  }

  /** Appends the records with the next sequence numbers, with one sync for all. */
  long[] append(String tenant, List<byte[]> records) {
    long seq = lastSeq(tenant);
    long[] seqs = new long[records.size()];
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = ++seq;
      frame(framed, seq, records.get(i));
    }
    ByteBuffer buffer = ByteBuffer.wrap(framed.toByteArray());
    try (FileChannel ch =
        FileChannel.open(
            file(tenant),
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

  /** Visits the records after {@code afterSeq}, up to a torn last record, which is ignored. */
  void read(String tenant, long afterSeq, StateStore.LogVisitor visitor) {
    scan(
        tenant,
        (seq, record) -> {
          if (seq > afterSeq) {
            visitor.visit(seq, record);
          }
        });
  }

  /** Drops the records before {@code keepFromSeq}, replacing the file atomically. */
  void truncate(String tenant, long keepFromSeq) {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    scan(
        tenant,
        (seq, record) -> {
          if (seq >= keepFromSeq) {
            frame(kept, seq, record);
          }
        });
    if (!Files.exists(file(tenant))) {
      return;
    }
    try {
      AtomicFiles.write(file(tenant), kept.toByteArray());
    } catch (IOException e) {
      throw new StateException("cannot truncate the log of tenant " + tenant + " in " + dir, e);
    }
  }

  /**
   * Deletes the tenant's log. Its last sequence number is kept, so that records appended later get
   * numbers never seen before.
   */
  void delete(String tenant) throws IOException {
    Files.deleteIfExists(file(tenant));
  }

  private static void frame(ByteArrayOutputStream out, long seq, byte[] record) {
    out.writeBytes(ByteBuffer.allocate(HEADER_BYTES).putInt(record.length).putLong(seq).array());
    out.writeBytes(record);
  }

  /**
   * The last sequence number of the tenant's log, read once. A record torn by a crash is cut off
   * first: appending after it would hide every later record from readers, which stop at the tear.
   */
  long lastSeq(String tenant) {
    return lastSeqs.computeIfAbsent(
        tenant,
        t -> {
          long[] last = {0};
          long whole = scan(t, (seq, record) -> last[0] = seq);
          try (FileChannel ch = FileChannel.open(file(t), StandardOpenOption.WRITE)) {
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
  private long scan(String tenant, StateStore.LogVisitor visitor) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file(tenant)));
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
        whole += HEADER_BYTES + length;
      }
    } catch (NoSuchFileException e) {
      return 0; // no log yet
    } catch (IOException e) {
      throw new StateException("cannot read the log of tenant " + tenant + " in " + dir, e);
    }
  }

  private Path file(String tenant) {
    return dir.resolve(tenant + SUFFIX);
  }
}
