package io.jdaprd.core.invoke;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

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
}
