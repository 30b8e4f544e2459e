package dev.sift.service.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An instance's data directory, held with an exclusive lock on {@code <data-dir>/sift.lock} for as
 * long as the instance runs. Lucene allows one writer per index, so a second process on the same
 * directory (another server, or a command-line import while the server runs) is stopped at start-up
 * with a clear message. Instances with different data directories never share a lock.
 */
public final class DataDirectory implements AutoCloseable {

  static final String LOCK_FILE = "sift.lock";

  private final Path root;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectory(Path root, FileChannel channel, FileLock lock) {
    this.root = root;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates the directory when needed and locks it.
   *
   * @throws InUseException when another process (or another instance in this JVM) holds it
   */
  public static DataDirectory lock(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    FileChannel channel = null;
    try {
      Files.createDirectories(root);
      channel =
          FileChannel.open(
              root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw new InUseException(root);
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      return new DataDirectory(root, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException(
          "cannot use data directory " + root + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** Another process, or another instance in this JVM, holds the directory. */
  public static final class InUseException extends IllegalStateException {
    public InUseException(Path root) {
      super(
          "data directory "
              + root
              + " is in use by another Sift process; stop it, or give this instance its own "
              + "sift.data-dir");
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  public Path root() {
    return root;
  }

  public Path indexDir() {
    return root.resolve("index");
  }

  /** Tenant fits; the directory keeps its older name "models" so existing data dirs still load. */
  public Path fitDir() {
    return root.resolve("models");
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel below releases it anyway
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to do
      }
    }
  }
}
