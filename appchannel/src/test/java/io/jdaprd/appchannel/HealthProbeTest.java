package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Empty;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.dapr.v1.AppCallbackHealthCheckGrpc;
import io.dapr.v1.DaprAppCallbackProtos.HealthCheckResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.apphealth.ProbeResult;
import io.jdaprd.core.pubsub.delivery.EventStatus;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * App health probes against real apps: HTTP {@code GET} of the health check path (any 2xx is healthy) and gRPC
 * {@code AppCallbackHealthCheck.HealthCheck}; neither carries the app token nor waits for a concurrency slot, and
 * both give up after their timeout.
 */
class HealthProbeTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  @Test
  void httpProbeGetsTheHealthPathWithoutTheToken() throws Exception {
    try (TestHttpApp app = TestHttpApp.start();
        AppChannel channel = httpChannel(app.port(), "ready", 1)) {
      app.answer(r -> HttpResponse.of(HttpStatus.NO_CONTENT));
      assertThat(channel.probeHealth(TIMEOUT)).isEqualTo(ProbeResult.HEALTHY);
      AggregatedHttpRequest request = app.nextRequest();
      assertThat(request.method().name()).isEqualTo("GET");
      assertThat(request.path()).isEqualTo("/ready");
      assertThat(request.headers().contains("dapr-api-token")).isFalse();
    }
  }

  @Test
  void httpProbeIsHealthyOnAny2xxOnly() throws Exception {
    try (TestHttpApp app = TestHttpApp.start();
        AppChannel channel = httpChannel(app.port(), null, -1)) {
      for (int status : new int[] {200, 202, 299}) {
        app.answer(r -> HttpResponse.of(HttpStatus.valueOf(status)));
        assertThat(channel.probeHealth(TIMEOUT).healthy()).as("status %d", status).isTrue();
      }
      for (int status : new int[] {301, 404, 500, 503}) {
        app.answer(r -> HttpResponse.of(HttpStatus.valueOf(status)));
        ProbeResult result = channel.probeHealth(TIMEOUT);
        assertThat(result.healthy()).as("status %d", status).isFalse();
        assertThat(result.reason()).isEqualTo("GET /healthz: health check failed with status code " + status);
      }
      assertThat(app.nextRequest().path()).isEqualTo("/healthz");
    }
  }

  @Test
  void httpProbeGivesUpAfterItsTimeout() throws Exception {
    try (TestHttpApp app = TestHttpApp.start();
        AppChannel channel = httpChannel(app.port(), null, -1)) {
      app.delay(Duration.ofSeconds(3));
      long started = System.nanoTime();
      ProbeResult result = channel.probeHealth(TIMEOUT);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(result.healthy()).isFalse();
      assertThat(result.reason()).isEqualTo("GET /healthz: no answer within 300 ms");
      assertThat(tookMillis).isBetween(250L, 2_000L);
    }
  }

  @Test
  void httpProbeOfAnAppThatIsNotListeningIsUnhealthy() throws Exception {
    try (AppChannel channel = httpChannel(closedPort(), null, -1)) {
      ProbeResult result = channel.probeHealth(TIMEOUT);
      assertThat(result.healthy()).isFalse();
      assertThat(result.reason()).startsWith("GET /healthz: ");
    }
  }

  @Test
  void httpProbeTakesNoConcurrencySlot() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (TestHttpApp app = TestHttpApp.start();
        AppChannel channel = httpChannel(app.port(), null, 1)) {
      app.answer(r -> {
        if (r.path().equals("/slow")) {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return HttpResponse.of(HttpStatus.OK);
      });
      CompletableFuture<EventStatus> delivery = CompletableFuture.supplyAsync(
          () -> channel.deliver(Events.delivery("/slow")).status());
      assertThat(app.nextRequest().path()).isEqualTo("/slow");
      assertThat(channel.probeHealth(TIMEOUT)).as("the one slot is taken by the delivery")
          .isEqualTo(ProbeResult.HEALTHY);
      release.countDown();
      assertThat(delivery.get(10, TimeUnit.SECONDS)).isEqualTo(EventStatus.SUCCESS);
    }
  }

  /** A gRPC app's health service whose answer the test sets. */
  static final class HealthService extends AppCallbackHealthCheckGrpc.AppCallbackHealthCheckImplBase {
    final AtomicReference<Object> answer = new AtomicReference<>("ok");
    final BlockingQueue<Map<String, String>> metadata = new LinkedBlockingQueue<>();

    @Override
    public void healthCheck(Empty request, StreamObserver<HealthCheckResponse> out) {
      Map<String, String> headers = new java.util.HashMap<>();
      ServiceRequestContext.current().request().headers().forEach((k, v) -> headers.put(k.toString(), v));
      metadata.add(headers);
      Object a = answer.get();
      if (a instanceof Status status) {
        out.onError(status.asRuntimeException());
        return;
      }
      if (a instanceof Duration delay) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      out.onNext(HealthCheckResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  @Test
  void grpcProbeCallsHealthCheckWithoutTheToken() throws Exception {
    HealthService health = new HealthService();
    Server server = GrpcAppChannelTest.serve(false, health);
    try (AppChannel channel = GrpcAppChannelTest.channel(server, "grpc", "app-secret", -1, Duration.ofSeconds(5))) {
      assertThat(channel.probeHealth(TIMEOUT)).isEqualTo(ProbeResult.HEALTHY);
      assertThat(health.metadata.poll(5, TimeUnit.SECONDS)).isNotNull().doesNotContainKey("dapr-api-token");

      health.answer.set(Status.INTERNAL.withDescription("db down"));
      ProbeResult failed = channel.probeHealth(TIMEOUT);
      assertThat(failed.healthy()).isFalse();
      assertThat(failed.reason()).isEqualTo("HealthCheck: the app answered INTERNAL: db down");

      health.answer.set(Duration.ofSeconds(3));
      long started = System.nanoTime();
      ProbeResult slow = channel.probeHealth(TIMEOUT);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(250L, 2_000L);
      assertThat(slow).isEqualTo(ProbeResult.unhealthy("HealthCheck: no answer within 300 ms"));
    } finally {
      server.stop().join();
    }
  }

  @Test
  void grpcProbeOfAnAppWithoutTheHealthServiceIsUnhealthy() throws Exception {
    Server server = GrpcAppChannelTest.serve(false, new GrpcAppChannelTest.App());
    try (AppChannel channel = GrpcAppChannelTest.channel(server, "grpc", null, -1, Duration.ofSeconds(5))) {
      ProbeResult result = channel.probeHealth(TIMEOUT);
      assertThat(result.healthy()).isFalse();
      assertThat(result.reason()).startsWith("HealthCheck: the app answered UNIMPLEMENTED");
    } finally {
      server.stop().join();
    }
  }

  @Test
  void grpcProbeOfAnAppThatIsNotListeningIsUnhealthy() throws Exception {
    try (AppChannel channel = AppChannels.create(new AppChannelSettings("grpc", null, closedPort(), null, -1,
        Duration.ofSeconds(5)))) {
      ProbeResult result = channel.probeHealth(TIMEOUT);
      assertThat(result.healthy()).isFalse();
      assertThat(result.reason()).startsWith("HealthCheck: ");
    }
  }

  private static AppChannel httpChannel(int port, String path, int maxConcurrency) {
    return AppChannels.create(new AppChannelSettings("http", null, port, "app-secret", maxConcurrency,
        Duration.ofSeconds(5), path));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
