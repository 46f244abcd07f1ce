package io.jdaprd.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An {@link InputStream} fed with chunks by a gRPC stream's callbacks and read by one (virtual) thread. It asks the
 * stream for the next message ({@code demand}) only when the reader has taken the previous one, so at most a few
 * chunks are ever held: gRPC flow control slows the sender down to the reader's pace.
 */
final class ChunkStream extends InputStream {
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
  private final Runnable demand;
  private final Runnable cancel;
  private byte[] current = new byte[0];
  private int position;
  private boolean ended;
  private volatile boolean closed;

  /**
   * @param demand asks the stream for one more message
   * @param cancel ends the stream early (the reader closed before the end)
   */
  ChunkStream(Runnable demand, Runnable cancel) {
    this.demand = demand;
    this.cancel = cancel;
  }

  /** A chunk arrived (callback thread). */
  void offer(byte[] chunk) {
    chunks.add(chunk);
  }

  /** The stream ended normally (callback thread). */
  void finish() {
    chunks.add(END);
  }

  /** The stream failed (callback thread); the reader sees an {@link IOException} with {@code message}. */
  void fail(String message) {
    chunks.add(new IOException(message));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (position >= current.length) {
      if (ended) {
        return -1;
      }
      if (closed) {
        throw new IOException("stream closed");
      }
      Object next;
      try {
        next = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
      if (next == END) {
        ended = true;
        return -1;
      }
      if (next instanceof IOException e) {
        ended = true;
        throw new IOException(e.getMessage(), e);
      }
      current = (byte[]) next;
      position = 0;
      demand.run();
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return current.length - position;
  }

  @Override
  public void close() {
    if (!closed && !ended) {
      closed = true;
      cancel.run();
    }
    closed = true;
  }
}
