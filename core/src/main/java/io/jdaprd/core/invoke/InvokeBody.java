package io.jdaprd.core.invoke;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A request or response body of an invocation: a stream read once, from start to end, by whoever passes it on.
 *
 * @param stream the bytes; closing it releases the source (a connection, a gRPC stream)
 * @param length the number of bytes when known in advance, else -1 (a chunked HTTP body, a gRPC stream)
 */
public record InvokeBody(InputStream stream, long length) implements AutoCloseable {
  private static final byte[] NONE = new byte[0];

  /** No bytes. */
  public static InvokeBody empty() {
    return of(NONE);
  }

  /** The bytes of {@code data}. */
  public static InvokeBody of(byte[] data) {
    return new InvokeBody(new ByteArrayInputStream(data), data.length);
  }

  /**
   * A body whose source may only be released on {@code owner}: closing it (from any thread) stops further reads at
   * once and closes {@code stream} on {@code owner}, or right away when {@code owner} takes no more tasks.
   *
   * <p>An HTTP/2 body read through Armeria is such a source: closing it aborts the stream message the connection's
   * event loop writes the arriving DATA frames into, and Armeria's decoders check that the message is open and then
   * write to it without holding a lock. Aborted from another thread in between, the write fails; the server then
   * resets the request's stream ({@code RST_STREAM INTERNAL_ERROR}, the answer lost), the client ends the whole
   * connection. Closed on the event loop, the abort falls between two frames.
   *
   * @param owner the thread (an event loop) the source must be released on
   * @param stream the bytes
   * @param length the number of bytes when known in advance, else -1
   */
  public static InvokeBody closedOn(Executor owner, InputStream stream, long length) {
    return new InvokeBody(releasedOn(owner, stream), length);
  }

  /**
   * {@code stream} as a stream whose close (from any thread) stops further reads at once and closes {@code stream}
   * on {@code owner}: the stream of {@link #closedOn}, for a body that is not an invocation's.
   */
  public static InputStream releasedOn(Executor owner, InputStream stream) {
    return new ClosedOn(owner, stream);
  }

  /**
   * Reads the whole body.
   *
   * @throws IOException when the source fails or holds more than {@code limit} bytes
   */
  public byte[] readAll(long limit) throws IOException {
    try (InputStream in = stream) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (data.length > limit) {
        throw new IOException("body larger than " + limit + " bytes");
      }
      return data;
    }
  }

  /** Closes the stream, ignoring a failure to close: the body is not wanted any more. */
  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      // nothing is read any more; the source reports its own failures
    }
  }

  /** The stream of {@link #closedOn}: reads pass through until it is closed; the source is closed on its owner. */
  private static final class ClosedOn extends FilterInputStream {
    private final Executor owner;
    private volatile boolean closed;

    ClosedOn(Executor owner, InputStream source) {
      super(source);
      this.owner = owner;
    }

    private void ensureOpen() throws IOException {
      if (closed) {
        throw new IOException("Stream closed");
      }
    }

    @Override
    public int read() throws IOException {
      ensureOpen();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      ensureOpen();
      return in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
      ensureOpen();
      return in.skip(n);
    }

    @Override
    public int available() throws IOException {
      ensureOpen();
      return in.available();
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        owner.execute(this::closeSource);
      } catch (RejectedExecutionException e) {
        closeSource();
      }
    }

    private void closeSource() {
      try {
        in.close();
      } catch (IOException e) {
        // the body is not wanted any more; the source reports its own failures
      }
    }
  }
}
