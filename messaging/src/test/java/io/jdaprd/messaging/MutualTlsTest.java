package io.jdaprd.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.jdaprd.core.Transport;
import io.jdaprd.core.invoke.AppInvoker;
import io.jdaprd.core.invoke.Forwarding;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.InvokeStatus;
import io.jdaprd.core.invoke.LocalCallGate;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.core.invoke.identity.MtlsMaterial;
import io.jdaprd.core.invoke.identity.Pem;
import io.jdaprd.errors.factories.CauseCode;
import io.jdaprd.proto.internals.v1.InternalInvokeRequest;
import io.jdaprd.proto.internals.v1.InternalInvokeResponse;
import io.jdaprd.proto.internals.v1.ServiceInvocationGrpc;
import io.jdaprd.spi.testkit.pki.SpiffeAuthority;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * mTLS between sidecars over real TLS on 127.0.0.1, with certificates made for the test: a root CA (the trust
 * anchor), an intermediate that issues the apps' SVIDs (sent in each chain, as Sentry's issuer is), and a second,
 * untrusted root. The callee learns each caller's verified SPIFFE ID, whatever its trust domain; a caller accepts only
 * the sidecar of the app it calls; certificates of another CA, or none, are refused both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsTest {
  private static final String A = "spiffe://public/ns/default/a";
  private static final String B = "spiffe://public/ns/default/b";

  private SpiffeAuthority root;
  private SpiffeAuthority rogue;
  private SpiffeAuthority.Identity a;
  private SpiffeAuthority.Identity b;
  private SpiffeAuthority.Identity aOfAnotherDomain;
  private SpiffeAuthority.Identity x;
  private SpiffeAuthority.Identity aOfTheRogue;
  private SpiffeAuthority.Identity bOfTheRogue;
  private SpiffeAuthority.Identity noUri;
  private SpiffeAuthority.Identity twoUris;

  private final List<Server> servers = new ArrayList<>();
  private final List<AutoCloseable> clients = new ArrayList<>();
  private final List<String> callers = new CopyOnWriteArrayList<>();
  private final List<InvokeRequest> received = new CopyOnWriteArrayList<>();

  @BeforeAll
  void issue() {
    root = SpiffeAuthority.root("jdaprd test root");
    SpiffeAuthority issuer = root.intermediate("jdaprd test issuer");
    a = issuer.issue(A);
    b = issuer.issue(B);
    aOfAnotherDomain = issuer.issue("spiffe://example.org/ns/default/a");
    x = issuer.issue("spiffe://public/ns/default/x");
    noUri = issuer.issue(List.of());
    twoUris = issuer.issue(List.of(A, "spiffe://public/ns/default/c"));
    rogue = SpiffeAuthority.root("jdaprd test rogue");
    aOfTheRogue = rogue.issue(A);
    bOfTheRogue = rogue.issue(B);
  }

  @AfterAll
  void removeFiles() {
    if (root != null) {
      root.close();
    }
    if (rogue != null) {
      rogue.close();
    }
  }

  @AfterEach
  void stop() throws Exception {
    servers.forEach(Server::closeAsync);
    servers.clear();
    for (AutoCloseable c : clients) {
      c.close();
    }
    clients.clear();
    callers.clear();
    received.clear();
  }

  private SidecarTls tls(SpiffeAuthority.Identity identity) throws Exception {
    return tls(identity, root);
  }

  private static SidecarTls tls(SpiffeAuthority.Identity identity, SpiffeAuthority anchors) throws Exception {
    return new SidecarTls(MtlsMaterial.fromPem(anchors.certificatePem(), identity.chainPem(),
        identity.privateKeyPem()));
  }

  private InternalClient client(SidecarTls tls) {
    InternalClient client = new InternalClient(4L << 20, tls);
    clients.add(client);
    return client;
  }

  /** The callee's app: records the call, echoes the body with 200. */
  private final AppInvoker echoApp = request -> {
    received.add(request);
    return new InvokeResponse(InvokeStatus.http(200), Map.of(), Map.of(), "text/plain",
        new InvokeBody(request.body().stream(), request.body().length()));
  };

  /** Records the caller identity of each call from another sidecar and lets it through. */
  private final LocalCallGate recordingGate = (caller, request) -> callers.add(String.valueOf(caller));

  private InvokeBlock calleeBlock(InternalClient client) {
    return new InvokeBlock("b", "default", echoApp, (id, ns) -> {
      throw new AssertionError("the callee resolves nothing");
    }, client, recordingGate, Forwarding.NONE);
  }

  /** The callee's internal server: over mTLS with {@code tls}, in plaintext when it is {@code null}. */
  private String internalServer(SidecarTls tls, InvokeBlock block, GrpcProxy proxy) {
    ServerBuilder sb = Server.builder().maxRequestLength(0).requestTimeoutMillis(0)
        .service(InternalServer.service(block, 4L << 20));
    if (proxy != null) {
      sb.serviceUnder("/", (ctx, req) -> proxy.proxy(ctx, req, GrpcProxy.targetOf(req.headers()),
          SidecarTls.peerSpiffeId(ctx)));
    }
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
    if (tls != null) {
      tls.serveOn(sb).https(loopback);
    } else {
      sb.http(loopback);
    }
    Server server = sb.build();
    server.start().join();
    servers.add(server);
    return "127.0.0.1:" + server.activeLocalPort();
  }

  private String callee(SidecarTls tls) {
    return internalServer(tls, calleeBlock(client(tls)), null);
  }

  private static InvokeRequest request(String method, String body) {
    byte[] bytes = body.getBytes();
    return new InvokeRequest(method, "POST", "", Map.of(), "text/plain",
        new InvokeBody(new ByteArrayInputStream(bytes), bytes.length));
  }

  private static String text(InvokeResponse response) throws Exception {
    try (response) {
      return new String(response.body().stream().readAllBytes());
    }
  }

  @Test
  void theCalleeLearnsTheCallersVerifiedIdentity() throws Exception {
    String address = callee(tls(b));
    InvokeBlock caller = new InvokeBlock("a", "default", null, (id, ns) -> address, client(tls(a)),
        LocalCallGate.OPEN, Forwarding.NONE);
    assertThat(text(caller.invoke("b", request("orders", "one"), Transport.HTTP))).isEqualTo("one");
    assertThat(text(caller.invoke("b", new InvokeRequest("orders", "POST", "", Map.of(), "text/plain",
        new InvokeBody(new ByteArrayInputStream("two".getBytes()), -1)), Transport.HTTP))).isEqualTo("two");
    assertThat(callers).containsExactly(A, A);
    assertThat(received).extracting(InvokeRequest::method).containsExactly("orders", "orders");
  }

  @Test
  void theUnaryCallCarriesTheIdentityToo() throws Exception {
    String address = callee(tls(b));
    var factory = tls(a).clientFactory("default", "b").build();
    clients.add(factory);
    var stub = GrpcClients.builder(SessionProtocol.H2, com.linecorp.armeria.client.Endpoint.parse(address))
        .factory(factory).build(ServiceInvocationGrpc.ServiceInvocationBlockingStub.class);
    InternalInvokeRequest header = Messages.request(request("unary", ""));
    InternalInvokeResponse response = stub.callLocal(header.toBuilder().setMessage(header.getMessage().toBuilder()
        .setData(Any.newBuilder().setValue(ByteString.copyFromUtf8("u")))).build());
    assertThat(response.getMessage().getData().getValue().toStringUtf8()).isEqualTo("u");
    assertThat(callers).containsExactly(A);
  }

  @Test
  void aCallerOfAnyTrustDomainIsAcceptedAndNamed() throws Exception {
    String address = callee(tls(b));
    assertThat(text(client(tls(aOfAnotherDomain)).invoke(address, "b", "default", request("m", "td"))))
        .isEqualTo("td");
    assertThat(callers).containsExactly("spiffe://example.org/ns/default/a");
  }

  @Test
  void withoutTlsTheCalleeKnowsNoCaller() throws Exception {
    String address = callee(null);
    assertThat(text(client(null).invoke(address, "b", "default", request("m", "plain")))).isEqualTo("plain");
    assertThat(callers).containsExactly("null");
  }

  @Test
  void aCallerAcceptsOnlyTheSidecarOfTheAppItCalls() throws Exception {
    String address = callee(tls(x));
    assertThatThrownBy(() -> client(tls(a)).invoke(address, "b", "default", request("m", "")))
        .isInstanceOfSatisfying(RemoteCallException.class, e -> {
          assertThat(e.code()).isEqualTo(CauseCode.UNAVAILABLE);
          assertThat(e.getMessage()).contains("unexpected SPIFFE ID: \\\"spiffe://public/ns/default/x\\\"");
        });
    assertThat(text(client(tls(a)).invoke(address, "x", "default", request("m", "to x")))).isEqualTo("to x");
    assertThatThrownBy(() -> client(tls(a)).invoke(address, "x", "other", request("m", "")))
        .isInstanceOf(RemoteCallException.class);
    assertThat(callers).containsExactly(A);
  }

  @Test
  void aCallerOfAnotherCaIsRefusedBeforeTheApp() throws Exception {
    String address = callee(tls(b));
    assertThatThrownBy(() -> client(tls(aOfTheRogue, root)).invoke(address, "b", "default", request("m", "")))
        .isInstanceOfSatisfying(RemoteCallException.class, e -> assertThat(e.code())
            .isEqualTo(CauseCode.UNAVAILABLE));
    assertThatThrownBy(() -> client(null).invoke(address, "b", "default", request("m", "")))
        .isInstanceOf(RemoteCallException.class);
    assertThat(callers).isEmpty();
    assertThat(received).isEmpty();
  }

  @Test
  void aCalleeOfAnotherCaIsRefused() throws Exception {
    String address = callee(tls(bOfTheRogue, rogue));
    assertThatThrownBy(() -> client(tls(a)).invoke(address, "b", "default", request("m", "")))
        .isInstanceOfSatisfying(RemoteCallException.class, e -> {
          assertThat(e.code()).isEqualTo(CauseCode.UNAVAILABLE);
          assertThat(e.getMessage()).contains("x509svid: could not verify leaf certificate");
        });
    assertThat(received).isEmpty();
  }

  @Test
  void theGrpcProxyCarriesTheIdentityToTheCalleesProxy() throws Exception {
    Server app = Server.builder().http(new InetSocketAddress("127.0.0.1", 0)).service(GrpcService.builder()
        .addService(new AppCallbackGrpc.AppCallbackImplBase() {
          @Override
          public void onInvoke(CommonProtos.InvokeRequest request,
              StreamObserver<CommonProtos.InvokeResponse> responses) {
            responses.onNext(CommonProtos.InvokeResponse.newBuilder().setContentType("text/plain")
                .setData(Any.newBuilder().setValue(ByteString.copyFromUtf8("app saw " + request.getMethod())))
                .build());
            responses.onCompleted();
          }
        }).build()).build();
    app.start().join();
    servers.add(app);
    SidecarTls tlsB = tls(b);
    InvokeBlock calleeBlock = calleeBlock(client(tlsB));
    GrpcProxy calleeProxy = new GrpcProxy(calleeBlock, new GrpcProxy.App("127.0.0.1", app.activeLocalPort(), false,
        null), tlsB);
    clients.add(calleeProxy);
    String internal = internalServer(tlsB, calleeBlock, calleeProxy);

    SidecarTls tlsA = tls(a);
    InvokeBlock callerBlock = new InvokeBlock("a", "default", null, (id, ns) -> internal, client(tlsA),
        LocalCallGate.OPEN, Forwarding.NONE);
    GrpcProxy callerProxy = new GrpcProxy(callerBlock, null, tlsA);
    clients.add(callerProxy);
    Server api = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
        .serviceUnder("/", (ctx, req) -> callerProxy.proxy(ctx, req, GrpcProxy.targetOf(req.headers()), null))
        .build();
    api.start().join();
    servers.add(api);

    Metadata metadata = new Metadata();
    metadata.put(Metadata.Key.of("dapr-app-id", Metadata.ASCII_STRING_MARSHALLER), "b");
    var stub = GrpcClients.builder("http://127.0.0.1:" + api.activeLocalPort())
        .build(AppCallbackGrpc.AppCallbackBlockingStub.class)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    CommonProtos.InvokeResponse answer = stub.onInvoke(CommonProtos.InvokeRequest.newBuilder().setMethod("hello")
        .build());
    assertThat(answer.getData().getValue().toStringUtf8()).isEqualTo("app saw hello");
    assertThat(callers).containsExactly(A);
  }

  @Test
  void theTrustManagerRefusesLeavesWithoutOneSpiffeId() throws Exception {
    List<X509Certificate> anchors = Pem.certificates(root.certificatePem());
    SpiffeTrustManager any = new SpiffeTrustManager(anchors, null);
    any.verify(chain(a));
    assertThatThrownBy(() -> any.verify(chain(noUri))).isInstanceOf(CertificateException.class)
        .hasMessage("x509svid: could not get leaf SPIFFE ID: certificate contains no URI SAN");
    assertThatThrownBy(() -> any.verify(chain(twoUris))).isInstanceOf(CertificateException.class)
        .hasMessage("x509svid: could not get leaf SPIFFE ID: certificate contains more than one URI SAN");
    assertThatThrownBy(() -> any.verify(new X509Certificate[0])).hasMessage("x509svid: empty certificates chain");
    SpiffeTrustManager onlyB = new SpiffeTrustManager(anchors, "/ns/default/b");
    onlyB.verify(chain(b));
    assertThatThrownBy(() -> onlyB.verify(chain(a))).hasMessage("unexpected SPIFFE ID: \"" + A + "\"");
    assertThatThrownBy(() -> onlyB.verify(chain(bOfTheRogue)))
        .hasMessageStartingWith("x509svid: could not verify leaf certificate: ");
    assertThatThrownBy(() -> any.verify(new X509Certificate[] {chain(a)[0]}))
        .as("without the intermediate the leaf does not chain to the root")
        .hasMessageStartingWith("x509svid: could not verify leaf certificate: ");
  }

  private static X509Certificate[] chain(SpiffeAuthority.Identity identity) throws Exception {
    return Pem.certificates(identity.chainPem()).toArray(X509Certificate[]::new);
  }
}
