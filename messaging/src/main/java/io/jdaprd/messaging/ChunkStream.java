package io.jdaprd.messaging;

import com.google.protobuf.ByteString;
import io.jdaprd.core.invoke.PieceQueue;
import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link InputStream} fed with chunks by a gRPC stream's callbacks and read by one (virtual) thread. Once
 * {@link #prefetch() started} it keeps {@value #AHEAD} messages asked for ahead of the reader, one more each time the
 * reader takes one, so at most that many chunks are ever held while the next ones are already on their way: gRPC
 * flow control slows the sender down to the reader's pace without a round trip per chunk.
 */
final class ChunkStream extends InputStream {
  /** Messages asked for ahead of the reader. */
  static final int AHEAD = 4;

  private final PieceQueue<ByteString> chunks = new PieceQueue<>();
  private final java.util.function.IntConsumer demand;
  private final Runnable cancel;
  private ByteString current = ByteString.EMPTY;
  private int position;
  private volatile boolean closed;

  /**
   * @param demand asks the stream for that many more messages
   * @param cancel ends the stream early (the reader closed before the end)
   */
  ChunkStream(java.util.function.IntConsumer demand, Runnable cancel) {
    this.demand = demand;
    this.cancel = cancel;
  }

  /** Asks for the first {@value #AHEAD} messages of the body (callback thread, once the leading message is in). */
  void prefetch() {
    demand.accept(AHEAD);
  }

  /** A message that carried no bytes was taken: asks for the next one in its place (callback thread). */
  void skip() {
    demand.accept(1);
  }

  /** A chunk arrived (callback thread); not empty. */
  void offer(ByteString chunk) {
    chunks.add(chunk);
  }

  /** The stream ended normally (callback thread). */
  void finish() {
    chunks.finish();
  }

  /** The stream failed (callback thread); the reader sees an {@link IOException} with {@code message}. */
  void fail(String message) {
    chunks.fail(new IOException(message));
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
    while (position >= current.size()) {
      if (chunks.ended()) {
        return -1;
      }
      if (closed) {
        throw new IOException("stream closed");
      }
      ByteString next = chunks.take();
      if (next == null) {
        return -1;
      }
      current = next;
      position = 0;
      demand.accept(1);
    }
    int n = Math.min(len, current.size() - position);
    current.copyTo(b, position, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return current.size() - position;
  }

  @Override
  public void close() {
    if (!closed && !chunks.ended()) {
      closed = true;
      cancel.run();
    }
    closed = true;
  }
}
