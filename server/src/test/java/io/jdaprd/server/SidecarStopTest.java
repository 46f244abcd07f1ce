package io.jdaprd.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link Sidecar#stop()}: an API request in flight (a state save whose body is still arriving) still gets its
 * answer, an idle keep-alive connection is closed at once and does not hold the stop, a stop with nothing in flight
 * does not wait for Netty's quiet periods, and a shutdown asked for at the first 204 of {@code healthz} ends a start
 * that has not returned yet cleanly.
 */
class SidecarStopTest {
  /** Longer than the one second Armeria's own stop gave a request still arriving on HTTP/1. */
  private static final long IN_FLIGHT_MILLIS = 1_500;

  @TempDir
  Path resources;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void writeResources() throws Exception {
    Files.writeString(resources.resolve("statestore.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.in-memory
          version: v1
        """);
  }

  @Test
  void aRequestInFlightIsAnsweredBeforeTheServersStop() throws Exception {
    Sidecar sidecar = start();
    awaitHealthy(sidecar);
    String body = "[{\"key\":\"k\",\"value\":\"v\"}]";
    try (Socket socket = new Socket("127.0.0.1", sidecar.httpPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = startSave(socket, body);

      long t0 = System.nanoTime();
      CompletableFuture<Void> stop = CompletableFuture.runAsync(sidecar::stop);
      Thread.sleep(IN_FLIGHT_MILLIS);
      assertThat(stop).as("stop while a request is in flight").isNotDone();
      out.write(body.substring(5).getBytes(StandardCharsets.UTF_8));
      out.flush();

      String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(answer).as("the answer to the request in flight").isEqualTo("HTTP/1.1 204");
      stop.get(10, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(
          Duration.ofMillis(IN_FLIGHT_MILLIS));
    }
  }

  @Test
  void aStopWithNothingInFlightIsQuickThoughAClientIsStillConnected() throws Exception {
    Sidecar sidecar = start();
    awaitHealthy(sidecar); // leaves an idle keep-alive connection open

    long t0 = System.nanoTime();
    sidecar.stop();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    // Before: Netty's 2 s quiet period per acceptor thread; Armeria's drain still waits up to 1 s for an open
    // connection.
    assertThat(took).as("stop with an idle keep-alive connection open").isLessThan(Duration.ofMillis(1_700));
  }

  @Test
  void aStopClosesAnIdleHttp2ConnectionAtOnce() throws Exception {
    Sidecar sidecar = start(0, 0, 0); // the embedded sidecar's default grace period
    awaitHealthy(sidecar);
    // An idle HTTP/2 connection, as an SDK's gRPC channel leaves one: Armeria's stop drains those for a second.
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<Void> upgraded = h2.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + sidecar.httpPort() + "/v1.0/healthz")).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(upgraded.version()).as("an HTTP/2 connection (h2c upgrade)").isEqualTo(HttpClient.Version.HTTP_2);

    long t0 = System.nanoTime();
    sidecar.stop();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    // Before: closing an HTTP/2 connection went through Armeria's connection drain (GOAWAY, then a second before
    // the final one), so every embedded test class's sidecar took a second to stop after its SDK client closed.
    assertThat(took).as("stop with idle HTTP/1.1 and HTTP/2 connections open and no grace period")
        .isLessThan(Duration.ofMillis(800));
  }

  @Test
  void anIdleConnectionIsClosedAtOnceWhileAnotherRequestIsStillInFlight() throws Exception {
    Sidecar sidecar = start();
    awaitHealthy(sidecar);
    String body = "[{\"key\":\"k\",\"value\":\"v\"}]";
    try (Socket idle = new Socket("127.0.0.1", sidecar.httpPort());
        Socket busy = new Socket("127.0.0.1", sidecar.httpPort())) {
      idle.setSoTimeout(10_000);
      busy.setSoTimeout(10_000);
      idle.getOutputStream().write("GET /v1.0/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(readHead(idle)).as("a keep-alive answer").startsWith("HTTP/1.1 204");
      OutputStream out = startSave(busy, body);

      CompletableFuture<Void> stop = CompletableFuture.runAsync(sidecar::stop);
      // Before: the idle connection stayed open until the busy one was answered, then Armeria gave it 1 s more.
      assertThat(idle.getInputStream().read()).as("the idle connection, closed by the stop").isEqualTo(-1);
      assertThat(stop).as("the stop, while a request is still in flight").isNotDone();

      out.write(body.substring(5).getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(readHead(busy)).as("the answer to the request in flight").startsWith("HTTP/1.1 204");
      assertThat(busy.getInputStream().read()).as("the answered connection, closed by the stop").isEqualTo(-1);
      stop.get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts a state save of {@code body} on {@code socket} and sends its first five bytes only, so that the request is
   * in flight until the rest is written to the returned stream.
   */
  private static OutputStream startSave(Socket socket, String body) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(("POST /v1.0/state/statestore HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
        + body.substring(0, 5)).getBytes(StandardCharsets.UTF_8));
    out.flush();
    Thread.sleep(200); // the request has started: its headers are in
    return out;
  }

  /** An answer's status line and headers, read up to the empty line (the answers read here have no body). */
  private static String readHead(Socket socket) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    java.io.InputStream in = socket.getInputStream();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("an answer").isNotEqualTo(-1);
      head.append((char) b);
    }
    return head.toString();
  }

  @Test
  void healthzWaitsForTheInternalServerAndAShutdownAtTheFirst204EndsTheStartCleanly() throws Exception {
    int httpPort = freePort();
    int internalPort = freePort();
    CompletableFuture<Sidecar> starting = CompletableFuture.supplyAsync(() -> {
      try {
        return start(httpPort, internalPort);
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    URI base = URI.create("http://127.0.0.1:" + httpPort);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      assertThat(System.nanoTime()).as("healthy within 30 s").isLessThan(deadline);
      assertThat(starting).as("still starting or started").isNotCompletedExceptionally();
      try {
        if (client.send(HttpRequest.newBuilder(base.resolve("/v1.0/healthz")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
          break;
        }
      } catch (java.net.ConnectException notListeningYet) {
        Thread.onSpinWait();
      }
    }
    // daprd's healthz has the internal gRPC server among its targets: other sidecars can reach this one at the 204.
    try (Socket internal = new Socket("127.0.0.1", internalPort)) {
      assertThat(internal.isConnected()).isTrue();
    }
    // A script that shuts the sidecar down at once: the start must still end cleanly, not fail on a stopped server.
    assertThat(client.send(HttpRequest.newBuilder(base.resolve("/v1.0/shutdown"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(204);
    Sidecar sidecar = starting.get(30, TimeUnit.SECONDS);
    sidecar.awaitStopped();
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until healthz is 204. */
  private void awaitHealthy(Sidecar sidecar) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpRequest healthz = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + sidecar.httpPort() + "/v1.0/healthz")).build();
    while (client.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode() != 204) {
      assertThat(System.nanoTime()).as("healthy within 30 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** A Configuration with sqlite name resolution, so that the test multicasts nothing (mDNS is the default). */
  private String sqliteNames() throws java.io.IOException {
    java.nio.file.Path config = resources.resolveSibling("config-" + System.nanoTime() + ".yaml");
    java.nio.file.Files.writeString(config, "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: t\n"
        + "spec:\n  nameResolution:\n    component: sqlite\n    configuration:\n      connectionString: \""
        + resources.resolveSibling("names-" + System.nanoTime() + ".db") + "\"\n");
    return config.toString();
  }

  private Sidecar start() throws Exception {
    return start(0, 0);
  }

  /** A sidecar on these ports (0: a free one); the gRPC API and metrics on free ones; a grace period of 5 s. */
  private Sidecar start(int httpPort, int internalPort) throws Exception {
    return start(httpPort, internalPort, 5);
  }

  private Sidecar start(int httpPort, int internalPort, int graceSeconds) throws Exception {
    Flags flags = new Flags();
    new CommandLine(flags).parseArgs("--app-id", "stop-test", "--dapr-http-port", String.valueOf(httpPort),
        "--dapr-grpc-port", "0", "--dapr-internal-grpc-port", String.valueOf(internalPort), "--metrics-port", "0",
        "--resources-path", resources.toString(), "--dapr-graceful-shutdown-seconds", String.valueOf(graceSeconds),
        "--log-level", "warn", "--dapr-internal-grpc-listen-address", "127.0.0.1", "--config", sqliteNames());
    Settings settings = Settings.from(flags, Map.of());
    return Sidecar.start(settings, Map.of());
  }
}
