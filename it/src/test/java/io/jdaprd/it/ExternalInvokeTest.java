package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.jdaprd.spi.testkit.tls.LoopbackCertificate;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * External service invocation on a whole sidecar: a service outside Dapr (the JDK's HTTP server on 127.0.0.1) called
 * by URL (plain and URL-encoded in the path) and by the name of an {@code HTTPEndpoint} resource with headers, an
 * HTTPS endpoint trusted through its {@code clientTLS.rootCA}, an unreachable URL, and a sidecar whose endpoint has
 * a root CA that is no certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalInvokeTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private InvokeApp service;
  private InvokeApp tlsService;
  private SidecarProcess sidecar;
  private SidecarProcess badPki;

  @BeforeAll
  void start() throws Exception {
    Path dir = Locations.newDirectory("external-invoke");
    LoopbackCertificate cert = LoopbackCertificate.create(dir);
    service = new InvokeApp();
    tlsService = new InvokeApp(cert.serverContext());
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("endpoints.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: ext-svc
        spec:
          baseUrl: http://127.0.0.1:%d
          headers:
          - name: X-Custom
            value: from-endpoint
          - name: X-Env
            envRef: EXT_HEADER
        ---
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: ext-tls
        spec:
          baseUrl: https://127.0.0.1:%d/base
          clientTLS:
            rootCA:
              value: |
        %s
        ---
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: ext-other-app
        spec:
          baseUrl: http://127.0.0.1:%d
        scopes: [someone-else]
        """.formatted(service.port(), tlsService.port(), cert.certificatePem().indent(8).stripTrailing(),
        service.port()));
    sidecar = SidecarProcess.withAppId("it-external").resources(resources).env("EXT_HEADER", "env-value")
        .env("APP_API_TOKEN", "app-secret").start();

    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(bad.resolve("endpoints.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: ext-bad
        spec:
          baseUrl: https://127.0.0.1:%d
          clientTLS:
            rootCA:
              value: not a certificate
        """.formatted(tlsService.port()));
    badPki = SidecarProcess.withAppId("it-external-bad").resources(bad).start();
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {sidecar, badPki, service, tlsService}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private InvokeApp.Seen seen(InvokeApp app, String path) {
    return app.seen().stream().filter(s -> s.path().equals(path)).findFirst().orElseThrow();
  }

  @Test
  void aUrlTargetIsCalledAsItIsWithTheAppToken() throws Exception {
    String url = "http://127.0.0.1:" + service.port();
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sidecar.httpBase() + "/v1.0/invoke/" + url
        + "/method/echo/by-url?x=1")).header("X-Custom", "from-caller").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("payload")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("payload");
    assertThat(r.headers().firstValue("x-seen-method")).hasValue("POST");
    assertThat(r.headers().firstValue("x-seen-query")).hasValue("x=1");
    assertThat(r.headers().firstValue("x-seen-custom")).hasValue("from-caller");
    InvokeApp.Seen seen = seen(service, "/echo/by-url");
    assertThat(seen.header("dapr-api-token")).isEqualTo("app-secret");
    assertThat(seen.header("dapr-caller-app-id")).isNull();
    assertThat(seen.header("x-forwarded-for")).isNull();
  }

  @Test
  void aUrlEncodedUrlInThePathIsAUrlTargetToo() throws Exception {
    String encoded = "http%3A%2F%2F127.0.0.1%3A" + service.port();
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sidecar.httpBase() + "/v1.0/invoke/" + encoded
        + "/method/echo/encoded")).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-seen-path")).hasValue("/echo/encoded");
  }

  @Test
  void anEndpointNameCallsItsBaseUrlWithItsHeadersAndWithoutTheAppToken() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sidecar.httpBase()
        + "/v1.0/invoke/ext-svc/method/echo/by-name")).header("X-Custom", "from-caller")
        .PUT(HttpRequest.BodyPublishers.ofString("named")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("named");
    assertThat(r.headers().firstValue("x-seen-custom")).hasValue("from-endpoint");
    InvokeApp.Seen seen = seen(service, "/echo/by-name");
    assertThat(seen.header("x-env")).isEqualTo("env-value");
    assertThat(seen.header("dapr-api-token")).isNull();

    HttpResponse<String> byHeader = send(HttpRequest.newBuilder(URI.create(sidecar.httpBase() + "/status/418"))
        .header("dapr-app-id", "ext-svc").GET());
    assertThat(byHeader.statusCode()).isEqualTo(418);
    assertThat(byHeader.body()).isEqualTo("status 418");
  }

  @Test
  void anEndpointOfAnotherAppsScopeIsNoEndpointHere() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sidecar.httpBase()
        + "/v1.0/invoke/ext-other-app/method/echo/scoped")).GET());
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("\"errorCode\":\"ERR_DIRECT_INVOKE\"").contains("id: ext-other-app");
    assertThat(service.seen()).noneMatch(s -> s.path().equals("/echo/scoped"));
  }

  @Test
  @SuppressWarnings("deprecation")
  void grpcInvokeServiceReachesAnEndpointByName() {
    io.grpc.ManagedChannel channel = GrpcFailure.channel(sidecar);
    try {
      CommonProtos.InvokeResponse response = GrpcFailure.stub(channel).invokeService(InvokeServiceRequest
          .newBuilder().setId("ext-svc").setMessage(CommonProtos.InvokeRequest.newBuilder().setMethod("echo/grpc")
              .setContentType("text/plain").setData(Any.newBuilder().setValue(ByteString.copyFromUtf8("via grpc")))
              .setHttpExtension(CommonProtos.HTTPExtension.newBuilder()
                  .setVerb(CommonProtos.HTTPExtension.Verb.POST).setQuerystring("g=1"))).build());
      assertThat(response.getData().getValue().toStringUtf8()).isEqualTo("via grpc");
      InvokeApp.Seen seen = seen(service, "/echo/grpc");
      assertThat(seen.method()).isEqualTo("POST");
      assertThat(seen.query()).isEqualTo("g=1");
      assertThat(seen.header("x-custom")).isEqualTo("from-endpoint");
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void theMetadataListsTheLoadedEndpoints() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sidecar.httpBase() + "/v1.0/metadata")).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"httpEndpoints\":[{\"name\":\"ext-svc\"},{\"name\":\"ext-tls\"}]");
    HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(badPki.httpBase() + "/v1.0/metadata"))
        .GET());
    assertThat(none.body()).contains("\"httpEndpoints\":[{\"name\":\"ext-bad\"}]");
  }

  @Test
  void anHttpsEndpointIsTrustedThroughItsRootCa() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sidecar.httpBase()
        + "/v1.0/invoke/ext-tls/method/echo/secure")).POST(HttpRequest.BodyPublishers.ofString("over tls")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("over tls");
    assertThat(r.headers().firstValue("x-seen-path")).hasValue("/base/echo/secure");
  }

  @Test
  void anUnreachableUrlIsErrDirectInvokeWithTheClientsText() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed;
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(sidecar.httpBase() + "/v1.0/invoke/" + url
        + "/method/m")).POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed to invoke, id: " + url
        + ", err: Post \\\"" + url + "/m\\\": dial tcp 127.0.0.1:" + closed + ": connect: connection refused\"}");
  }

  @Test
  void anEndpointWithABadRootCaLeavesNoExternalChannel() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(badPki.httpBase()
        + "/v1.0/invoke/ext-bad/method/m")).GET());
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed to invoke, id: "
        + "ext-bad, err: cannot invoke http endpoint ext-bad: app channel not initialized\"}");
    assertThat(badPki.logText()).contains("failed to add root cert to cert pool for http endpoint ext-bad");
  }
}
