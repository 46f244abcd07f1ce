package io.jdaprd.bench.load;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app of the {@code actors} scenario, inside the load generator's process: it hosts the actor type
 * {@value #TYPE} ({@code GET /dapr/config}: idle timeout 1 h, so that nothing is deactivated while measured),
 * answers every method call {@code PUT /actors/{type}/{id}/method/{m}} and deactivation with an empty 200, and
 * counts the reminder calls ({@code .../method/remind/{name}}) with the times of the first and the last. It also
 * registers reminders through a sidecar ({@link #register}), the setup of the reminder measurement. Serves on the
 * generator's event loops, on a free loopback port.
 */
final class ActorApp implements AutoCloseable {
  /** The actor type the app hosts. */
  static final String TYPE = "benchactor";
  /** The actors reminders are spread over, so that many fire at once without waiting for one actor's turn. */
  static final int REMINDER_ACTORS = 1000;

  private final Server server;
  private final AtomicLong reminders = new AtomicLong();
  private final AtomicLong firstNs = new AtomicLong();
  private final AtomicLong lastNs = new AtomicLong();

  ActorApp(EventLoopGroup group) {
    String config = "{\"entities\":[\"" + TYPE + "\"],\"actorIdleTimeout\":\"1h\",\"actorScanInterval\":\"30s\","
        + "\"drainOngoingCallTimeout\":\"5s\",\"drainRebalancedActors\":true}";
    this.server = Server.builder()
        .http(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .workerGroup(group, false)
        .requestTimeout(Duration.ZERO)
        .maxRequestLength(16 << 20)
        .route().get("/dapr/config").build((ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON, config))
        .route().methods(HttpMethod.PUT).pathPrefix("/actors/").build((ctx, req) -> HttpResponse.of(
            req.aggregate().thenApply(r -> {
              if (r.path().contains("/method/remind/")) {
                long now = System.nanoTime();
                if (reminders.getAndIncrement() == 0) {
                  firstNs.set(now);
                }
                lastNs.accumulateAndGet(now, Math::max);
              }
              return HttpResponse.of(HttpStatus.OK);
            })))
        .route().methods(HttpMethod.DELETE).pathPrefix("/actors/").build((ctx, req) -> HttpResponse.of(HttpStatus.OK))
        .route().get("/dapr/").build((ctx, req) -> HttpResponse.of(HttpStatus.NOT_FOUND))
        .build();
    server.start().join();
  }

  int port() {
    return server.activeLocalPort();
  }

  /** Forgets the reminder calls counted so far. */
  void resetCount() {
    reminders.set(0);
    firstNs.set(0);
    lastNs.set(0);
  }

  /**
   * Waits until {@code count} reminder calls arrived or {@code timeoutMs} passed; answers {@code [calls, first
   * call's nanoTime, last call's nanoTime]}.
   */
  long[] awaitReminders(long count, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (reminders.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return new long[] {reminders.get(), firstNs.get(), lastNs.get()};
  }

  /**
   * Registers reminders {@code from} to {@code to - 1} through the sidecar on {@code sidecarPort}
   * ({@code POST /v1.0/actors/benchactor/r-<i mod 1000>/reminders/rem-<i>} with {@code body}), {@code parallel} at a
   * time; answers {@code [nanoseconds taken, requests not answered 204]}.
   */
  static long[] register(int sidecarPort, int from, int to, String body, int parallel) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    AtomicInteger next = new AtomicInteger(from);
    AtomicLong failed = new AtomicLong();
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < parallel; w++) {
        workers.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
            URI uri = URI.create("http://127.0.0.1:" + sidecarPort + "/v1.0/actors/" + TYPE + "/r-"
                + (i % REMINDER_ACTORS) + "/reminders/rem-" + i);
            try {
              int status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.discarding()).statusCode();
              if (status != 204) {
                failed.incrementAndGet();
              }
            } catch (java.io.IOException e) {
              failed.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    }
    return new long[] {System.nanoTime() - t0, failed.get()};
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
