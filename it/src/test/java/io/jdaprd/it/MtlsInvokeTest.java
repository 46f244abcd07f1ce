package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.jdaprd.spi.testkit.pki.SpiffeAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Service invocation between sidecar processes with {@code --enable-mtls}, their certificates (issued for the test
 * by an intermediate of a test root, as Sentry issues them) given in {@code DAPR_TRUST_ANCHORS},
 * {@code DAPR_CERT_CHAIN} and {@code DAPR_CERT_KEY}. The callee {@code b} has an access-control list that denies by
 * default and allows app {@code a} to GET {@code /allowed/*}: {@code b} learns each caller from its certificate, so
 * {@code a} gets through where the policy lets it, and {@code c}, presenting its own identity, does not; the gRPC
 * proxy's calls are checked with the caller's identity too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MtlsInvokeTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final String A = "it-mtls-a";
  private static final String B = "it-mtls-b";
  private static final String C = "it-mtls-c";

  private SpiffeAuthority root;
  private InvokeApp app;
  private SidecarProcess a;
  private SidecarProcess b;
  private SidecarProcess c;

  @BeforeAll
  void start() throws Exception {
    root = SpiffeAuthority.root("jdaprd it root");
    SpiffeAuthority issuer = root.intermediate("jdaprd it issuer");
    app = new InvokeApp();
    Path dir = Locations.newDirectory("mtls-invoke");
    Path names = dir.resolve("names.db");
    Path calleeConfig = dir.resolve("callee.yaml");
    Files.writeString(calleeConfig, """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: callee
        spec:
          nameResolution:
            component: sqlite
            configuration:
              connectionString: "%s"
          accessControl:
            defaultAction: deny
            trustDomain: public
            policies:
            - appId: %s
              defaultAction: deny
              trustDomain: public
              namespace: default
              operations:
              - name: /allowed/*
                httpVerb: ["GET"]
                action: allow
        """.formatted(names.toString().replace("\\", "/"), A));
    b = withIdentity(SidecarProcess.withAppId(B), issuer.issue("spiffe://public/ns/default/" + B))
        .args("--app-port", String.valueOf(app.port()), "--config", calleeConfig.toString()).start();
    a = withIdentity(SidecarProcess.withAppId(A).names(names), issuer.issue("spiffe://public/ns/default/" + A))
        .start();
    c = withIdentity(SidecarProcess.withAppId(C).names(names), issuer.issue("spiffe://public/ns/default/" + C))
        .start();
  }

  private SidecarProcess.Options withIdentity(SidecarProcess.Options options, SpiffeAuthority.Identity identity) {
    return options.args("--enable-mtls").env("DAPR_TRUST_ANCHORS", root.certificatePem())
        .env("DAPR_CERT_CHAIN", identity.chainPem()).env("DAPR_CERT_KEY", identity.privateKeyPem());
  }

  @AfterAll
  void stop() {
    for (SidecarProcess s : new SidecarProcess[] {a, c, b}) {
      if (s != null) {
        s.close();
      }
    }
    if (app != null) {
      app.close();
    }
    if (root != null) {
      root.close();
    }
  }

  private static HttpResponse<String> call(SidecarProcess from, String verb, String method) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(from.httpBase() + "/v1.0/invoke/" + B + "/method/"
        + method)).timeout(Duration.ofSeconds(30)).method(verb, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String denied(String caller, String operation, String verb) {
    return "{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed to invoke, id: " + B + ", err: rpc error: "
        + "code = PermissionDenied desc = access control policy has denied access to id: spiffe://public/ns/default/"
        + caller + " operation: " + operation + " verb: " + verb + "\"}";
  }

  @Test
  void theAllowedCallerReachesTheAllowedOperation() throws Exception {
    HttpResponse<String> r = call(a, "GET", "allowed/orders");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-seen-path")).hasValue("/allowed/orders");
    InvokeApp.Seen seen = app.seen().stream().filter(s -> s.path().equals("/allowed/orders")).findFirst()
        .orElseThrow();
    assertThat(seen.header("dapr-caller-app-id")).isEqualTo(A);
  }

  @Test
  void theAllowedCallerIsDeniedWhatThePolicyDoesNotAllow() throws Exception {
    HttpResponse<String> other = call(a, "GET", "denied");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).isEqualTo(denied(A, "denied", "GET"));
    HttpResponse<String> post = call(a, "POST", "allowed/orders");
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(post.body()).isEqualTo(denied(A, "allowed/orders", "POST"));
    assertThat(app.seen()).noneMatch(s -> s.path().equals("/denied") || s.method().equals("POST"));
  }

  @Test
  void aCallerWithAnotherIdentityIsDenied() throws Exception {
    HttpResponse<String> r = call(c, "GET", "allowed/by-c");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo(denied(C, "allowed/by-c", "GET"));
    assertThat(app.seen()).noneMatch(s -> s.path().equals("/allowed/by-c"));
  }

  @Test
  void aProxiedGrpcCallIsCheckedWithTheCallersIdentity() throws Exception {
    for (SidecarProcess caller : new SidecarProcess[] {a, c}) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", caller.grpcPort()).usePlaintext().build();
      try {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("dapr-app-id", Metadata.ASCII_STRING_MARSHALLER), B);
        var stub = AppCallbackGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        assertThatThrownBy(() -> stub.onInvoke(CommonProtos.InvokeRequest.newBuilder().setMethod("m").build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).startsWith("access control policy has denied access to id: "
                  + "spiffe://public/ns/default/" + caller.appId() + " operation: ");
            });
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void mtlsWithoutCertificatesDoesNotStart() {
    SidecarProcess.Run run = SidecarProcess.runToExit("--app-id", "it-mtls-none", "--enable-mtls");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("trust anchors are required");
  }
}
