package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Service invocation when something breaks, through real sidecar processes found by sqlite name resolution (the
 * resolver's default {@code updateInterval}, 5 s): the target sidecar killed while a large body streams through it
 * (the caller gets an error, its sidecar stays healthy) and then started again (calls work again once the dead
 * registration has expired); a target whose app is down (daprd's 500 {@code ERR_DIRECT_INVOKE} with the app
 * channel's {@code connection refused}); a slow app (the caller's own timeout ends the call; both sidecars stay
 * healthy and serve the next call), and one slower than Armeria's default request timeout of 10 s, which daprd does
 * not have (the call succeeds).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeFaultsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /** The sqlite resolver's default {@code updateInterval}: how long a dead sidecar's registration stays live. */
  private static final Duration RENEW_INTERVAL = Duration.ofSeconds(5);

  private Path names;
  private InvokeApp app;
  private SidecarProcess caller;
  private SidecarProcess target;

  @BeforeAll
  void start() throws Exception {
    app = new InvokeApp();
    names = Locations.newDirectory("invoke-faults-names").resolve("names.db");
    target = startTarget();
    caller = SidecarProcess.withAppId("it-faults-a").names(names).args("--max-body-size", "1Gi").start();
  }

  private SidecarProcess startTarget() {
    return SidecarProcess.withAppId("it-faults-b").names(names).skipStartQueue()
        .args("--app-port", String.valueOf(app.port()), "--max-body-size", "1Gi").start();
  }

  /** The target runs at every test's start, also after a test that killed it failed before starting it again. */
  @BeforeEach
  void targetRuns() {
    if (!target.isAlive()) {
      target = startTarget();
    }
  }

  @AfterAll
  void stop() {
    if (caller != null) {
      caller.close();
    }
    if (target != null && target.isAlive()) {
      target.close();
    }
    if (app != null) {
      app.close();
    }
  }

  private HttpRequest.Builder invoke(String appId, String method) {
    return HttpRequest.newBuilder(URI.create(caller.httpBase() + "/v1.0/invoke/" + appId + "/method/" + method));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertHealthy(SidecarProcess sidecar) throws Exception {
    assertThat(sidecar.isAlive()).as(sidecar.appId() + " runs").isTrue();
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sidecar.httpBase() + "/v1.0/healthz")));
    assertThat(r.statusCode()).as(sidecar.appId() + " healthz").isEqualTo(204);
    assertThat(sidecar.logText()).doesNotContain("OutOfMemoryError");
  }

  @Test
  void aTargetSidecarKilledMidStreamFailsTheCallAndIsFoundAgainOnceRestarted() throws Exception {
    CountDownLatch streaming = new CountDownLatch(1);
    long size = 1000L << 20;
    CompletableFuture<HttpResponse<String>> call = HTTP.sendAsync(invoke("it-faults-b", "count")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedBody(size, 16L << 20, streaming)))
        .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(streaming.await(20, TimeUnit.SECONDS)).as("16 MiB of the body sent").isTrue();
    target.kill();

    try {
      HttpResponse<String> failed = call.get(30, TimeUnit.SECONDS);
      assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
      assertThat(failed.body()).startsWith("{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed to invoke, "
          + "id: it-faults-b, err: rpc error: code = Unavailable desc = error reading from server: ");
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).as("the caller's sidecar ended the exchange").isInstanceOf(IOException.class);
    }
    assertHealthy(caller);

    long restarted = System.nanoTime();
    target = startTarget();
    long ready = System.nanoTime();
    int streak = 0;
    long deadline = ready + RENEW_INTERVAL.plusSeconds(5).toNanos();
    while (streak < 10 && System.nanoTime() < deadline) {
      HttpResponse<String> r = send(invoke("it-faults-b", "echo/again").POST(HttpRequest.BodyPublishers
          .ofString("back")));
      streak = r.statusCode() == 200 && r.body().equals("back") ? streak + 1 : 0;
      if (streak == 0) {
        Thread.sleep(100);
      }
    }
    assertThat(streak).as("10 calls in a row succeed within %s s of the restarted target being ready (its start "
        + "took %d ms)", RENEW_INTERVAL.plusSeconds(5).toSeconds(),
        TimeUnit.NANOSECONDS.toMillis(ready - restarted)).isEqualTo(10);
    assertHealthy(caller);
  }

  @Test
  void aTargetWhoseAppIsDownAnswersDaprdsError() throws Exception {
    InvokeApp gone = new InvokeApp();
    int port = gone.port();
    SidecarProcess down = SidecarProcess.withAppId("it-faults-c").names(names)
        .args("--app-port", String.valueOf(port)).start();
    try {
      gone.close();
      HttpResponse<String> r = send(invoke("it-faults-c", "orders/1").POST(HttpRequest.BodyPublishers
          .ofString("x")));
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed to invoke, id: "
          + "it-faults-c, err: rpc error: code = Internal desc = error invoking app channel: Post "
          + "\\\"http://127.0.0.1:" + port + "/orders/1\\\": dial tcp 127.0.0.1:" + port
          + ": connect: connection refused\"}");
      assertHealthy(down);
      assertHealthy(caller);
    } finally {
      down.close();
    }
  }

  @Test
  void aCallLongerThanTenSecondsIsNotCutShortByTheSidecars() throws Exception {
    HttpResponse<String> r = HTTP.send(invoke("it-faults-b", "sleep/11000").timeout(Duration.ofSeconds(30))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void aSlowAppIsEndedByTheCallersTimeoutAndTheSidecarsStayHealthy() throws Exception {
    long started = System.nanoTime();
    assertThatThrownBy(() -> HTTP.send(invoke("it-faults-b", "sleep/15000").timeout(Duration.ofSeconds(2))
        .GET().build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

    assertHealthy(caller);
    assertHealthy(target);
    long next = System.nanoTime();
    HttpResponse<String> r = send(invoke("it-faults-b", "echo/after-timeout").POST(HttpRequest.BodyPublishers
        .ofString("next")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("next");
    assertThat(Duration.ofNanos(System.nanoTime() - next)).as("the next call waits for nothing")
        .isLessThan(Duration.ofSeconds(5));
  }
}
