package io.jdaprd.api.grpc.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The request stream's payloads as an {@link InputStream}: the call's listener {@link #write}s each message's bytes
 * (blocking while {@value #CAPACITY} chunks wait, which holds back the next request and so the client, through
 * gRPC's flow control), the scheme reads them. {@link #fail} ends the stream with an error the reader sees after the
 * chunks before it, as Go's {@code io.Pipe.CloseWithError}.
 */
final class PayloadPipe extends InputStream {
  static final int CAPACITY = 4;
  private static final Object END = new Object();

  private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(CAPACITY + 1);
  private final BooleanSupplier cancelled;
  private byte[] current;
  private int pos;
  private boolean ended;
  private IOException failure;
  private volatile boolean closed;

  /** A pipe that gives up waiting once {@code cancelled} is true. */
  PayloadPipe(BooleanSupplier cancelled) {
    this.cancelled = cancelled;
  }

  /** Queues {@code data}; waits while the reader is behind. */
  void write(byte[] data) {
    if (data.length > 0) {
      put(data);
    }
  }

  /** Ends the stream after what is queued. */
  void end() {
    put(END);
  }

  /** Ends the stream with {@code message} as its error. */
  void fail(String message) {
    put(new IOException(message));
  }

  private void put(Object item) {
    try {
      while (!closed && !cancelled.getAsBoolean()) {
        if (chunks.offer(item, 50, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || pos == current.length) {
      if (failure != null) {
        throw failure;
      }
      if (ended) {
        return -1;
      }
      Object next;
      try {
        next = chunks.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("context canceled");
      }
      if (next == null) {
        if (cancelled.getAsBoolean() || closed) {
          failure = new IOException("context canceled");
        }
        continue;
      }
      if (next == END) {
        ended = true;
      } else if (next instanceof IOException e) {
        failure = e;
      } else {
        current = (byte[]) next;
        pos = 0;
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void close() {
    closed = true;
    chunks.clear();
  }
}
