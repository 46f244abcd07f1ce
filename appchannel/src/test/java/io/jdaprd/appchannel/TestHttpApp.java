package io.jdaprd.appchannel;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP app for the tests: an Armeria server on an ephemeral port of 127.0.0.1 that records every request and
 * answers with what the test sets ({@link #answer}); plain HTTP/1.1 and h2c, or TLS with a self-signed certificate.
 * Answers are computed on a virtual thread, so a slow answer never holds the server's event loop.
 */
final class TestHttpApp implements AutoCloseable {
  private final Server server;
  private final ExecutorService answering = Executors.newVirtualThreadPerTaskExecutor();
  final BlockingQueue<AggregatedHttpRequest> requests = new LinkedBlockingQueue<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  /** The client port of every connection a request came in on. */
  final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private volatile Function<AggregatedHttpRequest, HttpResponse> responder = r -> HttpResponse.of(HttpStatus.OK);
  private volatile Duration delay = Duration.ZERO;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  private TestHttpApp(boolean tls) {
    ServerBuilder builder = Server.builder().localPort(0, tls
        ? com.linecorp.armeria.common.SessionProtocol.HTTPS : com.linecorp.armeria.common.SessionProtocol.HTTP);
    if (tls) {
      builder.tlsSelfSigned();
    }
    server = builder.requestTimeout(Duration.ofSeconds(30)).gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
        .serviceUnder("/", (ctx, req) -> HttpResponse.of(req.aggregate().thenCompose(agg -> {
          clientPorts.add(((InetSocketAddress) ctx.remoteAddress()).getPort());
          requests.add(agg);
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          return CompletableFuture.supplyAsync(() -> {
            try {
              Thread.sleep(delay.toMillis());
              if (!gate.await(30, TimeUnit.SECONDS)) {
                return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE);
              }
              return responder.apply(agg);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE);
            } finally {
              inFlight.decrementAndGet();
            }
          }, answering);
        })))
        .build();
    server.start().join();
  }

  static TestHttpApp start() {
    return new TestHttpApp(false);
  }

  static TestHttpApp startTls() {
    return new TestHttpApp(true);
  }

  int port() {
    return server.activeLocalPort();
  }

  /** Every following request gets {@code responder}'s answer. */
  void answer(Function<AggregatedHttpRequest, HttpResponse> responder) {
    this.responder = responder;
  }

  /** Every answer not yet sent waits (at most 30 s) until {@link #releaseAnswers()}; requests still arrive. */
  void holdAnswers() {
    gate = new CountDownLatch(1);
  }

  /** Sends every answer held by {@link #holdAnswers()}, and the following ones at once. */
  void releaseAnswers() {
    gate.countDown();
  }

  /** Every following answer is held back for {@code delay}. */
  void delay(Duration delay) {
    this.delay = delay;
  }

  AggregatedHttpRequest nextRequest() throws InterruptedException {
    AggregatedHttpRequest request = requests.poll(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("the app received no request within 5 s");
    }
    return request;
  }

  @Override
  public void close() {
    server.stop().join();
    answering.shutdownNow();
  }
}
