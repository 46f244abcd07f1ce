package io.jdaprd.api.http.invoke;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import io.jdaprd.core.invoke.PieceQueue;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.InputStream;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A request's body as an {@link InputStream} that keeps up to {@value #AHEAD} pieces (the decoder's chunks or
 * frames) asked for ahead of its reader, asking for more in batches of half that.
 *
 * <p>Armeria's own {@code toInputStream} asks for the next piece only once the previous one is read: two thread
 * hand-offs per piece (the reader wakes the event loop, the event loop wakes the reader), which cost a large body
 * through the sidecar more CPU than the bytes themselves (measured: {@code bench/notes-invoke.md}). Here the event
 * loop queues pieces while the reader works, and the reader wakes it once per {@value #BATCH} pieces. At most
 * {@value #AHEAD} pieces are held, so a slow reader still slows the client down through flow control.
 *
 * <p>Read by one thread. {@link #close()} aborts the request: call it on the request's event loop (see
 * {@link io.jdaprd.core.invoke.InvokeBody#releasedOn}).
 */
final class RequestBodyStream extends InputStream implements Subscriber<HttpObject> {
  /** Pieces asked for ahead of the reader. */
  static final int AHEAD = 8;
  /** Pieces read before asking for that many more. */
  static final int BATCH = AHEAD / 2;

  private final PieceQueue<HttpData> pieces = new PieceQueue<>();
  private final HttpRequest request;
  private volatile Subscription subscription;
  private byte[] current = new byte[0];
  private int offset;
  private int end;
  private int consumed;
  private volatile boolean closed;

  /** Subscribes to {@code request}'s body on {@code eventLoop}. */
  RequestBodyStream(HttpRequest request, EventExecutor eventLoop) {
    this.request = request;
    request.subscribe(this, eventLoop);
  }

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    s.request(AHEAD);
  }

  @Override
  public void onNext(HttpObject piece) {
    if (piece instanceof HttpData data && !data.isEmpty()) {
      pieces.add(data);
    } else {
      subscription.request(1); // headers, trailers or an empty piece: not a byte for the reader
    }
  }

  @Override
  public void onError(Throwable t) {
    pieces.fail(new IOException(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage(), t));
  }

  @Override
  public void onComplete() {
    pieces.finish();
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
    while (offset >= end) {
      if (pieces.ended()) {
        return -1;
      }
      if (closed) {
        throw new IOException("Stream closed");
      }
      HttpData data = pieces.take();
      if (data == null) {
        return -1;
      }
      current = data.array();
      offset = 0;
      end = current.length;
      if (++consumed == BATCH) {
        consumed = 0;
        subscription.request(BATCH);
      }
    }
    int n = Math.min(len, end - offset);
    System.arraycopy(current, offset, b, off, n);
    offset += n;
    return n;
  }

  @Override
  public int available() {
    return end - offset;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    request.abort(); // as Armeria's own toInputStream: the rest of the body is not wanted
    pieces.clear();
  }
}
