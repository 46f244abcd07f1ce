package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * daprd's flags that act beyond the two API ports, each on a sidecar process of its own: {@code --wait},
 * {@code --build-info}, {@code --log-file}, {@code --dapr-public-port}, {@code --unix-domain-socket},
 * {@code --allowed-origins}, {@code --enable-profiling}, {@code --dapr-block-shutdown-duration}, and the flags
 * accepted without effect.
 */
class DaprdFlagsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static HttpResponse<byte[]> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 900; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not within 90 s: " + what);
  }

  @Test
  void waitReturnsOnceTheSidecarIsOutboundReady() {
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-wait").start()) {
      SidecarProcess.Run run = SidecarProcess.runToExit("--wait", "--dapr-http-port",
          String.valueOf(sidecar.httpPort()));
      assertThat(run.exitCode()).isZero();
      assertThat(run.stderr()).startsWith("Waiting for Dapr to be outbound ready (timeout: 60 seconds): "
          + "url=http://localhost:" + sidecar.httpPort() + "/v1.0/healthz/outbound").contains("Dapr is outbound ready!");
    }
  }

  @Test
  void buildInfoPrintsDaprdsThreeLinesAndExits() {
    SidecarProcess.Run run = SidecarProcess.runToExit("--build-info");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().lines().toList()).hasSize(3).first().asString().startsWith("Version: ");
    SidecarProcess.Run version = SidecarProcess.runToExit("-version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout()).isEqualTo(SidecarProcess.runToExit("--version").stdout());
  }

  @Test
  void unusedFlagsAreAcceptedAndNamedOnceWithTheirReason() {
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-unused").args("--control-plane-address", "cp:443",
        "--sentry-address", "sentry:443", "--disable-builtin-k8s-secret-store", "--scheduler-host-address",
        "localhost:50006", "--hot-reload-reconcile-interval=30s", "--actors-service", "placement:x").start()) {
      String log = sidecar.logText();
      assertThat(log).containsOnlyOnce("--control-plane-address: accepted, not used: ")
          .containsOnlyOnce("--sentry-address: accepted, not used: jdaprd has no Sentry client")
          .containsOnlyOnce("--disable-builtin-k8s-secret-store: accepted, not used: ")
          .containsOnlyOnce("--scheduler-host-address: accepted, not used: ")
          .doesNotContain("--hot-reload-reconcile-interval: accepted, not used")
          .containsOnlyOnce("--actors-service: accepted, not used: deprecated");
    }
  }

  @Test
  void logFileTakesTheLog() throws Exception {
    Path file = Locations.newDirectory("log-file").resolve("daprd.log");
    SidecarProcess sidecar = SidecarProcess.withAppId("it-log-file").args("--log-file", file.toString(),
        "--log-as-json").readiness("/v1.0/healthz").launch();
    try {
      await(() -> Files.exists(file) && read(file).contains("dapr initialized. Status: Running"), "the log file");
      assertThat(read(file).lines().filter(l -> !l.isBlank())).allMatch(l -> l.startsWith("{\"app_id\""));
      assertThat(sidecar.logText()).doesNotContain("dapr initialized");
    } finally {
      sidecar.stop();
    }
  }

  @Test
  void publicPortServesHealthAndMetadataWithoutTheToken() throws Exception {
    int port = freePort();
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-public").env("DAPR_API_TOKEN", "secret")
        .args("--dapr-public-port", String.valueOf(port), "--dapr-public-listen-address", "127.0.0.1").start()) {
      String base = "http://127.0.0.1:" + port;
      assertThat(get(base + "/v1.0/healthz").statusCode()).isEqualTo(204);
      assertThat(get(base + "/v1.0/healthz/outbound").statusCode()).isEqualTo(204);
      HttpResponse<byte[]> metadata = get(base + "/v1.0/metadata");
      assertThat(metadata.statusCode()).isEqualTo(200);
      assertThat(new String(metadata.body(), StandardCharsets.UTF_8)).contains("\"id\":\"it-public\"");
      HttpResponse<byte[]> state = get(base + "/v1.0/state/statestore/k");
      assertThat(state.statusCode()).isEqualTo(404);
      assertThat(new String(state.body(), StandardCharsets.UTF_8)).isEqualTo("404 page not found\n");
      assertThat(get(sidecar.httpBase() + "/v1.0/metadata").statusCode()).as("the API port needs the token")
          .isEqualTo(401);
    }
  }

  @Test
  void unixDomainSocketsCarryBothApis() throws Exception {
    Path dir = Files.createTempDirectory("jdaprd-uds");
    SidecarProcess sidecar = SidecarProcess.withAppId("it-uds").args("--unix-domain-socket", dir.toString())
        .launch();
    Path http = dir.resolve("dapr-it-uds-http.socket");
    Path grpc = dir.resolve("dapr-it-uds-grpc.socket");
    try {
      await(() -> sidecar.logText().contains("dapr initialized. Status: Running"), "the sidecar to start");
      assertThat(http).exists();
      assertThat(grpc).exists();
      assertThat(overSocket(http, "GET /v1.0/healthz HTTP/1.1")).startsWith("HTTP/1.1 204");
      assertThat(overSocket(http, "GET /v1.0/metadata HTTP/1.1")).startsWith("HTTP/1.1 200")
          .contains("\"id\":\"it-uds\"");
      assertThat(overSocket(http, "POST /v1.0/shutdown HTTP/1.1")).startsWith("HTTP/1.1 204");
      assertThat(sidecar.awaitExit(Duration.ofSeconds(20))).isZero();
      assertThat(http).as("removed at shutdown, as daprd does").doesNotExist();
    } finally {
      if (sidecar.isAlive()) {
        sidecar.kill();
      }
    }
  }

  /** One HTTP/1.1 request over the socket; the answer as text. */
  private static String overSocket(Path socket, String requestLine) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      String request = requestLine + "\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      StringBuilder out = new StringBuilder();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) >= 0) {
        buf.flip();
        out.append(StandardCharsets.UTF_8.decode(buf));
        buf.clear();
      }
      return out.toString();
    }
  }

  @Test
  void allowedOriginsTurnCorsOn() throws Exception {
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-cors").args("--allowed-origins",
        "https://app.example.com").env("DAPR_API_TOKEN", "secret").start()) {
      HttpResponse<byte[]> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(sidecar.httpBase()
          + "/v1.0/state/statestore")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "content-type, dapr-api-token").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(preflight.statusCode()).as("before the token check").isEqualTo(200);
      assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
      assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("POST");
      assertThat(preflight.headers().firstValue("access-control-allow-headers"))
          .hasValue("Content-Type, Dapr-Api-Token");
      HttpResponse<byte[]> actual = get(sidecar.httpBase() + "/v1.0/metadata", "Origin", "https://app.example.com",
          "dapr-api-token", "secret");
      assertThat(actual.statusCode()).isEqualTo(200);
      assertThat(actual.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
      HttpResponse<byte[]> other = get(sidecar.httpBase() + "/v1.0/metadata", "Origin", "https://evil.example",
          "dapr-api-token", "secret");
      assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
    }
  }

  @Test
  void profilingServesFlightRecordingsAndThreadDumps() throws Exception {
    int port = freePort();
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-profiling").args("--enable-profiling",
        "--profile-port", String.valueOf(port)).start()) {
      String base = "http://127.0.0.1:" + port;
      HttpResponse<byte[]> threads = get(base + "/debug/threads");
      assertThat(threads.statusCode()).isEqualTo(200);
      assertThat(new String(threads.body(), StandardCharsets.UTF_8)).contains("\"main\"");
      HttpResponse<byte[]> recording = get(base + "/debug/jfr/profile?seconds=1");
      assertThat(recording.statusCode()).isEqualTo(200);
      assertThat(new String(recording.body(), 0, 3, StandardCharsets.US_ASCII)).as("a JFR file").isEqualTo("FLR");
      assertThat(get(base + "/debug/jfr/profile?seconds=0").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void blockShutdownKeepsServingAfterASignal() throws Exception {
    SidecarProcess sidecar = SidecarProcess.withAppId("it-block").args("--dapr-block-shutdown-duration", "3s")
        .start();
    try {
      sidecar.terminate();
      await(() -> sidecar.logText().contains("Blocking graceful shutdown for 3s or until app reports unhealthy..."),
          "the block to begin");
      assertThat(get(sidecar.httpBase() + "/v1.0/metadata").statusCode()).as("the API serves while blocked")
          .isEqualTo(200);
      await(() -> !sidecar.isAlive(), "the sidecar to exit");
      assertThat(sidecar.logText()).contains("Block shutdown period expired, entering shutdown...");
    } finally {
      if (sidecar.isAlive()) {
        sidecar.kill();
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
