package dev.sift.index.lucene;

import dev.sift.index.IndexException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable lists of deleted tickets not yet purged from the segment files: a file beside each
 * tenant's directory (one id per line, base64), so that a purge cut short by a crash or a shutdown
 * is finished after a restart. A delete is listed before it is made; a purge takes off what it
 * removed from disk.
 */
final class PurgeList {

  /** Suffix of a tenant's list beside its directory; never part of a valid tenant name. */
  static final String SUFFIX = ".purge";

  private static final String TEMP_SUFFIX = ".tmp";

  private final Path root;

  /** Guards each tenant's list between deletes, which add to it, and purges, which take from it. */
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  PurgeList(Path root) {
    this.root = root;
  }

  /**
   * Appends the id and forces it to disk: a crash right after the delete still finds the ticket to
   * purge.
   */
  void add(String tenant, String id) {
    synchronized (lock(tenant)) {
      byte[] line = (listed(id) + "\n").getBytes(StandardCharsets.US_ASCII);
      try (FileChannel ch =
          FileChannel.open(
              file(tenant),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        ch.write(ByteBuffer.wrap(line));
        ch.force(false);
      } catch (IOException e) {
        throw new IndexException("cannot note ticket of tenant " + tenant + " for purging", e);
      }
    }
  }

  /** The ids listed for the tenant, in the order of their deletes; empty when there is no list. */
  Set<String> read(String tenant) {
    synchronized (lock(tenant)) {
      Set<String> ids = new LinkedHashSet<>();
      try {
        for (String line : Files.readAllLines(file(tenant), StandardCharsets.US_ASCII)) {
          try {
            ids.add(new String(Base64.getDecoder().decode(line.strip()), StandardCharsets.UTF_8));
          } catch (IllegalArgumentException torn) {
            // a line torn by a crash: its delete was never acknowledged
          }
        }
      } catch (NoSuchFileException e) {
        return ids;
      } catch (IOException e) {
        throw new IndexException("cannot read the purge list of tenant " + tenant, e);
      }
      ids.remove("");
      return ids;
    }
  }

  /**
   * Takes the purged ids off the tenant's list and returns what is left (deletes that came
   * meanwhile included). The shorter list replaces the old one by an atomic rename, so a crash
   * leaves one or the other, never half of one.
   */
  Set<String> remove(String tenant, Set<String> purged) {
    synchronized (lock(tenant)) {
      Set<String> left = read(tenant);
      left.removeAll(purged);
      try {
        if (left.isEmpty()) {
          Files.deleteIfExists(file(tenant));
        } else {
          StringBuilder sb = new StringBuilder();
          for (String id : left) {
            sb.append(listed(id)).append('\n');
          }
          Path tmp = root.resolve(tenant + SUFFIX + TEMP_SUFFIX);
          Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
          try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
          }
          Files.move(
              tmp,
              file(tenant),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new IndexException("cannot update the purge list of tenant " + tenant, e);
      }
      return left;
    }
  }

  /**
   * Drops the tenant's list, as when the tenant's directory goes with every deleted ticket in it.
   */
  void delete(String tenant) throws IOException {
    Files.deleteIfExists(file(tenant));
  }

  /**
   * After a swap, the old index is gone with its deleted tickets, while the rebuilt one's own
   * deletes (replayed during the rebuild) still have to be purged, now under the tenant's name.
   * Returns whether any are listed.
   */
  boolean takeOver(String tenant, String staging) throws IOException {
    Files.deleteIfExists(file(tenant));
    if (!Files.exists(file(staging))) {
      return false;
    }
    Files.move(file(staging), file(tenant), StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  private Object lock(String tenant) {
    return locks.computeIfAbsent(tenant, t -> new Object());
  }

  /** An id as one line of a purge list: base64, since ids may hold any character. */
  private static String listed(String id) {
    return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  private Path file(String tenant) {
    return root.resolve(tenant + SUFFIX);
  }
}
