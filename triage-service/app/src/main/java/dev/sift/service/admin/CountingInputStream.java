package dev.sift.service.admin;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts the bytes read from an upload, for a progress bar or a job's ETA, and reports each new
 * total.
 */
final class CountingInputStream extends FilterInputStream {

  private final LongConsumer onCount;
  private volatile long count;

  CountingInputStream(InputStream in) {
    this(in, total -> {});
  }

  CountingInputStream(InputStream in, LongConsumer onCount) {
    super(in);
    this.onCount = onCount;
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      add(skipped);
    }
    return skipped;
  }

  private void add(long n) {
    count += n;
    onCount.accept(count);
  }
}
