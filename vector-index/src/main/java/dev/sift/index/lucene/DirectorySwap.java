package dev.sift.index.lucene;

import dev.sift.index.IndexException;
import dev.sift.index.TenantNames;
import dev.sift.index.internal.Directories;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Puts a rebuilt tenant directory in place of the live one with two atomic renames (live aside,
 * staging in), and repairs at the next open what a crash between them leaves. The caller makes sure
 * no shard is open on either directory meanwhile.
 */
final class DirectorySwap {

  /** Suffix of a tenant directory moved aside during a swap; never a valid tenant name. */
  private static final String OLD_SUFFIX = ".old";

  private DirectorySwap() {}

  /** Replaces {@code root/tenant} (if any) by the complete directory {@code root/staging}. */
  static void swap(Path root, String tenant, String staging) throws IOException {
    Path live = root.resolve(tenant);
    Path old = root.resolve(tenant + OLD_SUFFIX);
    Directories.deleteRecursively(old);
    if (Files.exists(live)) {
      Files.move(live, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(root.resolve(staging), live, StandardCopyOption.ATOMIC_MOVE);
    forceDirectory(root);
    Directories.deleteRecursively(old);
  }

  /**
   * Repairs what a crash can leave: a tenant moved aside with no new directory in its place is put
   * back, a leftover old directory beside a complete one is deleted, and staging directories of
   * rebuilds that never finished are dropped, so the tenant stays on its old index.
   */
  static void recover(Path root) {
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String name = dir.getFileName().toString();
        if (name.endsWith(OLD_SUFFIX)) {
          Path live = root.resolve(name.substring(0, name.length() - OLD_SUFFIX.length()));
          if (Files.isDirectory(live)) {
            Directories.deleteRecursively(dir);
          } else {
            Files.move(dir, live, StandardCopyOption.ATOMIC_MOVE);
          }
        } else if (TenantNames.isStaging(name)) {
          Directories.deleteRecursively(dir);
        }
      }
    } catch (IOException e) {
      throw new IndexException("cannot recover index directory " + root, e);
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the renames are atomic either way.
    }
  }
}
