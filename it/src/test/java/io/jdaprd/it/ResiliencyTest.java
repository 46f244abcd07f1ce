package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.jdaprd.components.redis.RedisServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code Resiliency} resource with retries, timeouts and circuit breakers, in a real sidecar: service invocation
 * of a flaky app (failed answers retried as configured; a breaker that opens after four failures in a row, refuses
 * with daprd's {@code circuit breaker is open}, and half-opens and closes once its timeout has passed and the app
 * answers again), and a Redis state store that is stopped and started again (the store's breaker opens while Redis
 * is down and closes once Redis is back).
 */
class ResiliencyTest {
  private static final String APP_ID = "it-resil";
  private static final Duration APP_BREAKER_TIMEOUT = Duration.ofSeconds(5);

  private static RedisServer redis;
  private static HttpServer app;
  private static SidecarProcess sidecar;
  private static Http http;
  private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private static final AtomicBoolean appDown = new AtomicBoolean();

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.startDurable();
    app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    app.createContext("/", ResiliencyTest::answer);
    app.start();
    Path resources = Files.createTempDirectory(Locations.targetDir(), "resiliency-resources");
    Files.writeString(resources.resolve("redis.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: redisstore
        spec:
          type: state.redis
          version: v1
          metadata:
          - name: redisHost
            value: "127.0.0.1:%d"
        """.formatted(redis.port()));
    Files.writeString(resources.resolve("resiliency.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: it-resiliency
        scopes: [%s]
        spec:
          policies:
            timeouts:
              short: 700ms
              store: 1s
            retries:
              threeQuick:
                policy: constant
                duration: 100ms
                maxRetries: 3
              once:
                policy: constant
                duration: 100ms
                maxRetries: 1
            circuitBreakers:
              appCB:
                maxRequests: 1
                timeout: %ds
                trip: consecutiveFailures >= 4
              storeCB:
                maxRequests: 1
                timeout: 2s
                trip: consecutiveFailures >= 2
          targets:
            apps:
              %s:
                timeout: short
                retry: threeQuick
                circuitBreaker: appCB
            components:
              redisstore:
                outbound:
                  timeout: store
                  retry: once
                  circuitBreaker: storeCB
        """.formatted(APP_ID, APP_BREAKER_TIMEOUT.toSeconds(), APP_ID));
    Files.writeString(resources.resolve("other-app.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: for-another-app
        scopes: [someone-else]
        spec:
          policies:
            retries:
              DefaultRetryPolicy: {policy: constant, duration: 1s, maxRetries: 9}
        """);
    sidecar = SidecarProcess.withAppId(APP_ID).resources(resources)
        .args("--app-port", String.valueOf(app.getAddress().getPort())).start();
    http = new Http(sidecar);
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
    if (app != null) {
      app.stop(0);
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** The app: {@code /flaky-*} fails as often as told, {@code /down} fails while the app is down, {@code /slow}. */
  private static void answer(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestURI().getPath().substring(1);
    calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    int status = 200;
    if (method.startsWith("flaky") && failuresLeft.getOrDefault(method, new AtomicInteger()).getAndDecrement() > 0) {
      status = 500;
    } else if (method.equals("down") && appDown.get()) {
      status = 500;
    } else if (method.equals("slow")) {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (method.startsWith("dapr/")) {
      status = 404;
    }
    byte[] body = (status == 200 ? "ok " + method : "boom " + method).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private static int calls(String method) {
    return calls.getOrDefault(method, new AtomicInteger()).get();
  }

  private static HttpResponse<String> invoke(String method) {
    return http.post("/v1.0/invoke/" + APP_ID + "/method/" + method, "{}");
  }

  @Test
  void failedAnswersAreRetriedUpToMaxRetries() {
    failuresLeft.put("flaky-two", new AtomicInteger(2));
    HttpResponse<String> ok = invoke("flaky-two");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("ok flaky-two");
    assertThat(calls("flaky-two")).isEqualTo(3);

    failuresLeft.put("flaky-ten", new AtomicInteger(10));
    HttpResponse<String> failed = invoke("flaky-ten");
    assertThat(failed.statusCode()).as("the app's last answer").isEqualTo(500);
    assertThat(failed.body()).isEqualTo("boom flaky-ten");
    assertThat(calls("flaky-ten")).as("1 call and 3 retries").isEqualTo(4);
  }

  @Test
  void theAppBreakerOpensRefusesAndHalfOpensAfterItsTimeout() throws Exception {
    ManagedChannel channel = GrpcFailure.channel(sidecar);
    // connected before the breaker opens, so that the gRPC check below runs well within the breaker's timeout
    assertThat(GrpcFailure.stub(channel).invokeService(InvokeServiceRequest.newBuilder().setId(APP_ID).setMessage(
        CommonProtos.InvokeRequest.newBuilder().setMethod("flaky-warm")).build()).getData().getValue().toStringUtf8())
        .isEqualTo("ok flaky-warm");
    appDown.set(true);
    assertThat(invoke("down").statusCode()).isEqualTo(500);
    assertThat(calls("down")).as("4 failures in a row open the breaker").isEqualTo(4);
    HttpResponse<String> refused = invoke("down");
    assertThat(refused.statusCode()).isEqualTo(500);
    assertThat(refused.body()).isEqualTo("{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed to invoke, id: "
        + APP_ID + ", err: circuit breaker is open\"}");
    assertThat(calls("down")).as("an open breaker does not call the app").isEqualTo(4);
    try {
      GrpcFailure overGrpc = GrpcFailure.of(() -> GrpcFailure.stub(channel).invokeService(InvokeServiceRequest
          .newBuilder().setId(APP_ID).setMessage(CommonProtos.InvokeRequest.newBuilder().setMethod("down")).build()));
      assertThat(overGrpc.code()).as("daprd's gRPC API returns the breaker's error as it is")
          .isEqualTo(Status.Code.UNKNOWN);
      assertThat(overGrpc.message()).isEqualTo("circuit breaker is open");
      assertThat(overGrpc.detailTypes()).isEmpty();
    } finally {
      channel.shutdownNow();
    }
    assertThat(invoke("flaky-other").statusCode()).as("the breaker is per endpoint").isEqualTo(200);

    appDown.set(false);
    long deadline = System.nanoTime() + APP_BREAKER_TIMEOUT.plusSeconds(10).toNanos();
    HttpResponse<String> r = invoke("down");
    while (r.statusCode() != 200 && System.nanoTime() < deadline) {
      assertThat(r.body()).contains("circuit breaker is open");
      Thread.sleep(200);
      r = invoke("down");
    }
    assertThat(r.statusCode()).as("half-open after the timeout, then closed").isEqualTo(200);
    assertThat(calls("down")).as("the half-open breaker let the call through").isGreaterThanOrEqualTo(5);
    String breaker = "Circuit breaker \"" + APP_ID + ":down\" changed state from ";
    assertThat(sidecar.logText()).contains(breaker + "closed to open", breaker + "open to half-open",
        breaker + "half-open to closed");
  }

  @Test
  void anAttemptThatOutlivesTheTimeoutIsRetriedThenFailsWithDeadlineExceeded() {
    HttpResponse<String> r = invoke("slow");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed to invoke, id: "
        + APP_ID + ", err: context deadline exceeded\"}");
    assertThat(calls("slow")).isEqualTo(4);
  }

  @Test
  void theStoreBreakerOpensWhileRedisIsDownAndClosesWhenItIsBack() throws Exception {
    assertThat(http.post("/v1.0/state/redisstore", "[{\"key\":\"k\",\"value\":\"v1\"}]").statusCode())
        .isEqualTo(204);
    redis.stop();
    try {
      HttpResponse<String> first = http.get("/v1.0/state/redisstore/k");
      assertThat(first.statusCode()).isEqualTo(500);
      assertThat(first.body()).contains("ERR_STATE_GET").doesNotContain("circuit breaker");
      HttpResponse<String> refused = http.get("/v1.0/state/redisstore/k");
      assertThat(refused.statusCode()).isEqualTo(500);
      assertThat(refused.body()).isEqualTo("{\"errorCode\":\"ERR_STATE_GET\",\"message\":\"fail to get k from state "
          + "store redisstore: circuit breaker is open\"}");
    } finally {
      redis.startAgain();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> r = http.get("/v1.0/state/redisstore/k");
    while (r.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = http.get("/v1.0/state/redisstore/k");
    }
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("\"v1\"");
    assertThat(sidecar.logText()).contains("Circuit breaker \"storeCB-redisstore\" changed state from closed to open",
        "Circuit breaker \"storeCB-redisstore\" changed state from half-open to closed");
  }
}
