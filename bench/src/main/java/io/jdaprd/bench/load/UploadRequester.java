package io.jdaprd.bench.load;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.SubscriptionOption;
import io.jdaprd.bench.floor.FloorServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * An HTTP/1.1 POST of a large body, streamed in 64 KiB chunks as the connection takes them (the whole body is never
 * in memory), on its own client factory (one connection). The answer is read chunk by chunk and dropped; the
 * request counts as answered {@code 204} only when the floor's {@code bench-bytes} header says it got every byte,
 * otherwise as {@link #SHORT} (or the status the server gave).
 */
final class UploadRequester implements Requester {
  /** The code of an answer whose byte count does not match what was sent. */
  static final int SHORT = 599;

  private static final int CHUNK = 64 * 1024;
  /** Chunks written ahead of the connection before waiting for it to take them. */
  private static final int AHEAD = 8;

  private final ClientFactory factory;
  private final WebClient client;
  private final String path;
  private final long bytes;
  private final byte[] chunk = new byte[CHUNK];

  UploadRequester(ClientFactory factory, Target target, long bytes) {
    this.factory = factory;
    this.client = WebClient.builder("h1c://" + target.host() + ":" + target.port()).factory(factory)
        .responseTimeout(Duration.ZERO).writeTimeout(Duration.ofMinutes(5)).maxResponseLength(0).build();
    this.path = target.path();
    this.bytes = bytes;
    Arrays.fill(chunk, (byte) 'x');
  }

  @Override
  public CompletableFuture<Integer> send() {
    HttpRequestWriter request = HttpRequest.streaming(RequestHeaders.builder(
        HttpMethod.POST, path).contentType(MediaType.OCTET_STREAM).contentLength(bytes).build());
    HttpResponse response = client.execute(request);
    write(request, bytes);
    CompletableFuture<Integer> code = new CompletableFuture<>();
    response.subscribe(new Subscriber<>() {
      private int status = -1;
      private String received;

      @Override
      public void onSubscribe(Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(HttpObject o) {
        if (o instanceof ResponseHeaders h && !h.status().isInformational()) {
          status = h.status().code();
          received = h.get(FloorServer.BYTES_HEADER);
        } else if (o instanceof HttpData d) {
          d.close();
        }
      }

      @Override
      public void onError(Throwable t) {
        code.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        boolean whole = received != null && received.equals(Long.toString(bytes));
        code.complete(status == 204 && !whole ? SHORT : status);
      }
    }, SubscriptionOption.WITH_POOLED_OBJECTS);
    return code;
  }

  /** Writes up to {@link #AHEAD} chunks, then the rest once the connection has taken them; closes at the end. */
  private void write(HttpRequestWriter request, long remaining) {
    long left = remaining;
    for (int i = 0; i < AHEAD && left > 0; i++) {
      int n = (int) Math.min(CHUNK, left);
      if (!request.tryWrite(HttpData.wrap(chunk, 0, n))) {
        return;
      }
      left -= n;
    }
    if (left == 0) {
      request.close();
      return;
    }
    long rest = left;
    request.whenConsumed().thenRun(() -> write(request, rest));
  }

  @Override
  public void close() {
    factory.close();
  }
}
