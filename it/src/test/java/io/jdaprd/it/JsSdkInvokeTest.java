package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Service invocation with the official JS SDK ({@code @dapr/dapr} 3.18.0) at either end, through two sidecar
 * processes found by sqlite name resolution: {@code it/js/invoke-client.mjs} (a {@code DaprClient}, over HTTP and
 * gRPC) calls {@link InvokeApp} behind another sidecar, and {@code it/js/invoke-server.mjs} (a {@code DaprServer} with
 * {@code server.invoker.listen}, an HTTP and a gRPC app) is the target of raw HTTP calls made through another
 * sidecar. Without Node the tests are skipped, loudly; under CI ({@code CI} set, not false or 0) they fail instead (as {@link JsSdkTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsSdkInvokeTest {
  private static final String CALLER = "it-js-invoke-a";
  private static final String APP_TARGET = "it-js-invoke-b";
  private static final String JS_TARGET = "it-js-invoke-js";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private String skipped;
  private Path names;
  private InvokeApp app;
  private SidecarProcess caller;
  private SidecarProcess appTarget;

  @BeforeAll
  void start() throws Exception {
    skipped = NodeJs.problem("JsSdkInvokeTest");
    if (skipped != null) {
      return;
    }
    NodeJs.installIfNeeded();
    app = new InvokeApp();
    names = Locations.newDirectory("js-invoke-names").resolve("names.db");
    appTarget = SidecarProcess.withAppId(APP_TARGET).names(names).args("--app-port", String.valueOf(app.port()))
        .start();
    caller = SidecarProcess.withAppId(CALLER).names(names).start();
  }

  @AfterAll
  void stop() {
    if (caller != null) {
      caller.close();
    }
    if (appTarget != null) {
      appTarget.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void theJsClientInvokesAnotherAppOverHttpAndGrpc() throws Exception {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
    NodeJs.Script script = NodeJs.run("invoke-client.mjs", Map.of("DAPR_HOST", "127.0.0.1", "DAPR_HTTP_PORT",
        String.valueOf(caller.httpPort()), "DAPR_GRPC_PORT", String.valueOf(caller.grpcPort()), "TARGET",
        APP_TARGET), "js-invoke-client.out");

    assertThat(script.exitCode()).as("exit code of node invoke-client.mjs; output:%n%s", script.output()).isZero();
    List<String> expected = new ArrayList<>(List.of("http post-json ok", "http put-json ok", "http app-status ok",
        "http unknown-app ok", "grpc post-json ok", "grpc put-json ok", "summary failures=0"));
    assertThat(script.lines()).as(script.output()).extracting(l -> l.has("summary")
        ? "summary failures=" + l.get("failures").asInt()
        : l.path("protocol").asText() + " " + l.get("check").asText() + (l.get("ok").asBoolean() ? " ok" : " FAILED"))
        .containsExactlyElementsOf(expected);

    for (String protocol : List.of("http", "grpc")) {
      InvokeApp.Seen post = seen("/echo/js-" + protocol);
      assertThat(post.method()).as(protocol).isEqualTo("POST");
      assertThat(post.header("content-type")).as(protocol).startsWith("application/json");
      assertThat(post.header("dapr-caller-app-id")).as(protocol).isEqualTo(CALLER);
      assertThat(post.header("dapr-callee-app-id")).as(protocol).isEqualTo(APP_TARGET);
      assertThat(seen("/echo/js-" + protocol + "-put").method()).as(protocol).isEqualTo("PUT");
    }
  }

  private InvokeApp.Seen seen(String path) {
    return app.seen().stream().filter(s -> s.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("the app saw no " + path + "; it saw " + app.seen()));
  }

  @Test
  void aJsHttpServerAppIsTheTargetOfAnHttpCaller() throws Exception {
    callAJsServerApp("http");
  }

  @Test
  void aJsGrpcServerAppIsTheTargetOfAnHttpCaller() throws Exception {
    callAJsServerApp("grpc");
  }

  /**
   * Raw HTTP calls through the caller's sidecar to a JS {@code DaprServer} app of {@code protocol}. What the SDK
   * hands its handler differs by protocol (over HTTP the query is the path with the query string, and headers are
   * given; over gRPC the query string alone, no headers), and so does a verb it does not listen on (HTTP: Express's
   * 404; gRPC: the SDK answers an empty {@code InvokeResponse}).
   */
  private void callAJsServerApp(String protocol) throws Exception {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
    boolean grpc = protocol.equals("grpc");
    int appPort = freePort();
    SidecarProcess jsTarget = SidecarProcess.withAppId(JS_TARGET + "-" + protocol).names(names)
        .args("--app-port", String.valueOf(appPort), "--app-protocol", protocol)
        .readiness("/v1.0/healthz/outbound").start();
    String target = JS_TARGET + "-" + protocol;
    Path out = Locations.targetDir().resolve("js-invoke-server-" + protocol + ".out");
    ProcessBuilder pb = new ProcessBuilder("node", "invoke-server.mjs").directory(NodeJs.JS.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().putAll(Map.of("DAPR_HOST", "127.0.0.1", "DAPR_HTTP_PORT", String.valueOf(jsTarget.httpPort()),
        "DAPR_GRPC_PORT", String.valueOf(jsTarget.grpcPort()), "APP_PORT", String.valueOf(appPort), "APP_PROTOCOL",
        protocol));
    pb.environment().remove("DAPR_API_TOKEN");
    Process node = pb.start();
    try {
      awaitReady(node, out);
      awaitHealthy(jsTarget);
      HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(caller.httpBase() + "/v1.0/invoke/"
          + target + "/method/orders?x=1&y=2")).header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString("{\"order\":7}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
      assertThat(post.body()).isEqualTo(grpc
          ? "{\"received\":{\"order\":7},\"query\":\"x=1&y=2\",\"contentType\":\"application/json\"}"
          : "{\"received\":{\"order\":7},\"query\":\"/orders?x=1&y=2\",\"contentType\":\"application/json\","
              + "\"caller\":\"" + CALLER + "\"}");

      HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(caller.httpBase() + "/v1.0/invoke/"
          + target + "/method/ping")).timeout(Duration.ofSeconds(20)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("{\"pong\":true}");

      HttpResponse<String> wrongVerb = HTTP.send(HttpRequest.newBuilder(URI.create(caller.httpBase()
          + "/v1.0/invoke/" + target + "/method/ping")).timeout(Duration.ofSeconds(20))
          .DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(wrongVerb.statusCode()).as("the app's answer to a verb it does not listen on, passed through")
          .isEqualTo(grpc ? 200 : 404);
      if (grpc) {
        assertThat(wrongVerb.body()).isEmpty();
      }
    } finally {
      node.getOutputStream().close();
      if (!node.waitFor(10, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
      jsTarget.close();
    }
  }

  /** Waits up to 30 s for the script's {@code {"ready":true}} line. */
  private static void awaitReady(Process node, Path out) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String text = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
      if (text.contains("{\"ready\":true}")) {
        return;
      }
      if (!node.isAlive()) {
        throw new AssertionError("node invoke-server.mjs exited with " + node.exitValue() + ":\n" + text);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("node invoke-server.mjs not ready within 30 s:\n" + Files.readString(out));
  }

  /** Waits up to 20 s for the sidecar's {@code /v1.0/healthz} to answer 204: it has found its app. */
  private static void awaitHealthy(SidecarProcess sidecar) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int status = 0;
    while (System.nanoTime() < deadline) {
      status = HTTP.send(HttpRequest.newBuilder(URI.create(sidecar.httpBase() + "/v1.0/healthz"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 204) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the sidecar's healthz answered " + status + " 20 s after its app started");
  }

  /** A port nothing listens on now: the app's, which the script's DaprServer binds after the sidecar starts. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
