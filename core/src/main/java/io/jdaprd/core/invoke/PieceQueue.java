package io.jdaprd.core.invoke;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The hand-over of a streamed body's pieces from the callbacks that receive them (an event loop) to the one thread
 * that reads them, with the stream's end or failure in order behind the last piece.
 *
 * @param <T> a piece: a chunk of bytes in the form its source gives
 */
public final class PieceQueue<T> {
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
  private boolean ended;

  /** A piece arrived (callback thread). */
  public void add(T piece) {
    pieces.add(piece);
  }

  /** The stream ended normally (callback thread). */
  public void finish() {
    pieces.add(END);
  }

  /** The stream failed (callback thread): the reader's next {@link #take()} after the pieces before throws it. */
  public void fail(IOException failure) {
    pieces.add(failure);
  }

  /** Drops the pieces not taken yet (the reader closed). */
  public void clear() {
    pieces.clear();
  }

  /**
   * The next piece, waiting for it; {@code null} once the stream has ended (and on every call after).
   *
   * @throws IOException the stream's failure (a copy, with it as the cause), or the wait was interrupted
   */
  @SuppressWarnings("unchecked")
  public T take() throws IOException {
    if (ended) {
      return null;
    }
    Object next;
    try {
      next = pieces.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
    if (next == END) {
      ended = true;
      return null;
    }
    if (next instanceof IOException e) {
      ended = true;
      throw new IOException(e.getMessage(), e);
    }
    return (T) next;
  }

  /** Whether {@link #take()} has returned the end or thrown the failure. */
  public boolean ended() {
    return ended;
  }
}
