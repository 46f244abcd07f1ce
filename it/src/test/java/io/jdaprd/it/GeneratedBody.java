package io.jdaprd.it;

import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * A request body of {@code size} bytes made as it is read, never held whole: byte {@code i} is {@code (byte) i}.
 * {@code reached} (optional) opens once {@code mark} bytes were read.
 */
final class GeneratedBody extends InputStream {
  private final long size;
  private final long mark;
  private final CountDownLatch reached;
  private long position;

  GeneratedBody(long size) {
    this(size, Long.MAX_VALUE, null);
  }

  GeneratedBody(long size, long mark, CountDownLatch reached) {
    this.size = size;
    this.mark = mark;
    this.reached = reached;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - position);
    for (int i = 0; i < n; i++) {
      b[off + i] = (byte) (position + i);
    }
    position += n;
    if (reached != null && position >= mark) {
      reached.countDown();
    }
    return n;
  }
}
