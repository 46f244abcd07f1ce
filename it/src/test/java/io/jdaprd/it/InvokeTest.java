package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.domain.HttpExtension;
import io.dapr.config.Properties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Service invocation through two sidecar processes found by sqlite name resolution: app-less sidecar {@code a}
 * calls the app of sidecar {@code b} over the internal gRPC API (and {@code b} calls its own app). Raw HTTP, the
 * {@code dapr-app-id} header and Basic forms, the Java SDK, status pass-through, a large streamed body and the errors
 * of an unknown id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private InvokeApp app;
  private SidecarProcess a;
  private SidecarProcess b;

  /** How the two sidecars find each other: one sqlite file here. */
  SidecarProcess.Options resolution(SidecarProcess.Options options, Path names) {
    return options.names(names);
  }

  /** The resolver's words for an id nobody registered. */
  String unknownIdCause() {
    return "no host found with the given ID";
  }

  /** The app ids' prefix, different per resolution so that runs never see each other's sidecars. */
  String prefix() {
    return "it-invoke-";
  }

  @BeforeAll
  void start() throws Exception {
    app = new InvokeApp();
    Path names = Locations.newDirectory("invoke-names").resolve("names.db");
    b = resolution(SidecarProcess.withAppId(prefix() + "b"), names)
        .args("--app-port", String.valueOf(app.port()), "--max-body-size", "64Mi").start();
    a = resolution(SidecarProcess.withAppId(prefix() + "a"), names).args("--max-body-size", "64Mi").start();
  }

  @AfterAll
  void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (app != null) {
      app.close();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aCallReachesTheOtherAppWithVerbPathQueryHeadersAndBody() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(a.httpBase()
        + "/v1.0/invoke/" + prefix() + "b/method/echo/orders?x=1&y=two&y=3"))
        .header("X-Custom", "hello").header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"n\":1}")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"n\":1}");
    assertThat(r.headers().firstValue("x-seen-method")).hasValue("PUT");
    assertThat(r.headers().firstValue("x-seen-path")).hasValue("/echo/orders");
    assertThat(r.headers().firstValue("x-seen-query")).hasValue("x=1&y=two&y=3");
    assertThat(r.headers().firstValue("x-seen-custom")).hasValue("hello");
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    InvokeApp.Seen seen = app.seen().stream().filter(s -> s.path().equals("/echo/orders")).findFirst()
        .orElseThrow();
    assertThat(seen.header("dapr-caller-app-id")).isEqualTo(prefix() + "a");
    assertThat(seen.header("dapr-callee-app-id")).isEqualTo(prefix() + "b");
    assertThat(seen.header("dapr-caller-namespace")).isEqualTo("default");
    assertThat(seen.header("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(seen.header("destination-app-id")).isNull();
  }

  @Test
  void theAppIdHeaderAndBasicCredentialsNameTheTargetToo() throws Exception {
    HttpResponse<String> byHeader = send(HttpRequest.newBuilder(URI.create(a.httpBase() + "/echo/by-header"))
        .header("dapr-app-id", prefix() + "b").POST(HttpRequest.BodyPublishers.ofString("h")));
    assertThat(byHeader.statusCode()).isEqualTo(200);
    assertThat(byHeader.headers().firstValue("x-seen-path")).hasValue("/echo/by-header");
    String basic = Base64.getEncoder().encodeToString(("dapr-app-id:" + prefix() + "b")
        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> byBasic = send(HttpRequest.newBuilder(URI.create(a.httpBase() + "/echo/by-basic"))
        .header("Authorization", "Basic " + basic).GET());
    assertThat(byBasic.statusCode()).isEqualTo(200);
    assertThat(byBasic.headers().firstValue("x-seen-method")).hasValue("GET");
  }

  @Test
  void theAppsStatusAndBodyComeBackUnchanged() throws Exception {
    for (int status : new int[] {418, 500, 404}) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(a.httpBase()
          + "/v1.0/invoke/" + prefix() + "b/method/status/" + status)).GET());
      assertThat(r.statusCode()).isEqualTo(status);
      assertThat(r.body()).isEqualTo("status " + status);
      assertThat(r.headers().firstValue("x-app")).hasValue("status");
    }
  }

  @Test
  void aSidecarCallsItsOwnApp() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(b.httpBase()
        + "/v1.0/invoke/" + prefix() + "b/method/echo/self")).POST(HttpRequest.BodyPublishers.ofString("me")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("me");
    InvokeApp.Seen seen = app.seen().stream().filter(s -> s.path().equals("/echo/self")).findFirst().orElseThrow();
    assertThat(seen.header("dapr-caller-app-id")).isEqualTo(prefix() + "b");
    assertThat(seen.header("dapr-callee-app-id")).isEqualTo(prefix() + "b");
  }

  @Test
  void aLargeChunkedBodyStreamsThroughBothSidecars() throws Exception {
    long size = 48L << 20;
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(a.httpBase()
        + "/v1.0/invoke/" + prefix() + "b/method/count")).timeout(Duration.ofSeconds(120))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedBody(size))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Long.toString(size));
  }

  @Test
  void theJavaSdkInvokesTheOtherApp() throws Exception {
    try (DaprClient client = new DaprClientBuilder()
        .withPropertyOverride(Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(Properties.HTTP_PORT, String.valueOf(a.httpPort()))
        .withPropertyOverride(Properties.GRPC_PORT, String.valueOf(a.grpcPort())).build()) {
      byte[] answer = client.invokeMethod(prefix() + "b", "echo/sdk", "sdk-body".getBytes(StandardCharsets.UTF_8),
          HttpExtension.POST, byte[].class).block(Duration.ofSeconds(30));
      assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("sdk-body");
    }
  }

  @Test
  void anUnknownAppIdIsDaprdsError() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(a.httpBase()
        + "/v1.0/invoke/nobody/method/x")).GET());
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed to invoke, id: "
        + "nobody, err: " + unknownIdCause() + "\"}");
    HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(a.httpBase() + "/no/such/route")).GET());
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("failed getting app id either from the URL path or the header dapr-app-id");
  }
}
