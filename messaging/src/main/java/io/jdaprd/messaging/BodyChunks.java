package io.jdaprd.messaging;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a body into the data of the internal API's payload messages: each chunk is {@link InternalClient#CHUNK}
 * bytes, read in full before it is handed on, and only the last one is shorter; the end of the body is where its
 * stream ends, whatever length was announced.
 *
 * <p>The buffer is no larger than the body needs, so that a small call does not allocate a whole chunk: a body of
 * known length up to {@code CHUNK} bytes is read into an array of that length (none at all when it is empty), one
 * of unknown length into {@link #START} bytes at first. The buffer grows to {@code CHUNK} bytes, in the middle of
 * the chunk being read, only when the body turns out to be longer. Not thread-safe: one writer reads the body.
 */
final class BodyChunks {
  /** Bytes of the first buffer for a body of unknown length. */
  static final int START = 8 * 1024;
  private static final byte[] NONE = new byte[0];

  private final InputStream in;
  private byte[] buffer;
  private boolean ended;

  /**
   * Chunks of {@code in}.
   *
   * @param in the body, read up to its end
   * @param length the number of bytes announced for it, or -1 when unknown
   */
  BodyChunks(InputStream in, long length) {
    this.in = in;
    if (length == 0) {
      buffer = NONE;
    } else if (length > 0 && length <= InternalClient.CHUNK) {
      buffer = new byte[(int) length];
    } else {
      buffer = new byte[length < 0 ? START : InternalClient.CHUNK];
    }
  }

  /**
   * The next chunk: {@code CHUNK} bytes, fewer only when the body ends within them, empty once it has ended (the
   * stream is not read again then). The chunk is the caller's: later reads do not change it.
   *
   * @throws IOException when reading the body fails
   */
  ByteString next() throws IOException {
    if (ended) {
      return ByteString.EMPTY;
    }
    int n = in.readNBytes(buffer, 0, buffer.length);
    if (n < buffer.length) {
      ended = true;
    } else if (n < InternalClient.CHUNK) {
      int more = in.read();
      if (more < 0) {
        ended = true;
      } else {
        buffer = Arrays.copyOf(buffer, InternalClient.CHUNK);
        buffer[n++] = (byte) more;
        n += in.readNBytes(buffer, n, buffer.length - n);
        ended = n < buffer.length;
      }
    }
    if (n == 0) {
      return ByteString.EMPTY;
    }
    if (ended && n == buffer.length) {
      // The last chunk fills the buffer exactly (a body of known length): hand the array over instead of a copy.
      ByteString last = UnsafeByteOperations.unsafeWrap(buffer);
      buffer = NONE;
      return last;
    }
    return ByteString.copyFrom(buffer, 0, n);
  }
}
