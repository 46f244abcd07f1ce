package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.core.invoke.endpoints.HttpEndpoint;
import io.jdaprd.spi.testkit.tls.LoopbackCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External service invocation against a real HTTP service on the loopback address. */
class HttpEndpointChannelsTest {
  /** One request the service received. */
  record Received(String method, String uri, com.sun.net.httpserver.Headers headers, String body) {
  }

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private HttpServer server;
  private String base;
  private HttpEndpointChannels channels;

  @TempDir
  Path dir;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (channels != null) {
      channels.close();
    }
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith("/redirect/")) {
      String[] parts = path.split("/");
      exchange.getRequestBody().readAllBytes();
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          exchange.getRequestHeaders(), ""));
      exchange.getResponseHeaders().add("Location", parts.length > 3 ? "/" + String.join("/",
          java.util.Arrays.copyOfRange(parts, 3, parts.length)) : "/redirect/" + parts[2]);
      exchange.sendResponseHeaders(Integer.parseInt(parts[2]), -1);
      exchange.close();
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
        exchange.getRequestHeaders(), body));
    byte[] answer = ("echo:" + body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("X-Answer", "yes");
    exchange.getResponseHeaders().add("Content-Type", "text/plain");
    exchange.sendResponseHeaders(201, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  private static InvokeRequest request(String verb, String method, String query, String body) {
    byte[] data = body.getBytes(StandardCharsets.UTF_8);
    return new InvokeRequest(method, verb, query, Map.of("X-Caller", List.of("c1", "c2"), "Accept-Language",
        List.of("fr")), "application/json", InvokeBody.of(data));
  }

  private static String body(InvokeResponse r) throws IOException {
    return new String(r.body().readAll(1 << 20), StandardCharsets.UTF_8);
  }

  @Test
  void aUrlTargetGetsTheMethodQueryHeadersBodyAndTheAppToken() throws Exception {
    channels = new HttpEndpointChannels(List.of(), "http", "app-token", -1);
    try (InvokeResponse r = channels.invoke(base, request("POST", "orders/new", "a=1&b=2", "{\"x\":1}"))) {
      assertThat(r.status().code()).isEqualTo(201);
      assertThat(r.headers()).containsEntry("X-Answer", List.of("yes"));
      assertThat(r.contentType()).isEqualTo("text/plain");
      assertThat(body(r)).isEqualTo("echo:{\"x\":1}");
    }
    Received got = received.poll(5, TimeUnit.SECONDS);
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.uri()).isEqualTo("/orders/new?a=1&b=2");
    assertThat(got.headers().get("X-caller")).containsExactly("c1", "c2");
    assertThat(got.headers().getFirst("Content-type")).isEqualTo("application/json");
    assertThat(got.headers().getFirst("Dapr-api-token")).isEqualTo("app-token");
    assertThat(got.body()).isEqualTo("{\"x\":1}");
  }

  @Test
  void theAppPipelineRunsOnEndpointCallsNotOnUrlTargets() throws Exception {
    com.linecorp.armeria.client.DecoratingHttpClientFunction pipeline = (delegate, ctx, req) -> {
      com.linecorp.armeria.common.HttpRequest marked = req.withHeaders(req.headers().toBuilder()
          .set("x-pipeline", "app").build());
      ctx.updateRequest(marked);
      return delegate.execute(ctx, marked);
    };
    channels = new HttpEndpointChannels(List.of(new HttpEndpoint("ext", base, List.of(), null, dir)), "http", null,
        -1, pipeline);
    channels.invoke("ext", request("GET", "/a", "", "")).close();
    assertThat(received.poll(5, TimeUnit.SECONDS).headers().getFirst("X-pipeline")).isEqualTo("app");
    channels.invoke(base, request("GET", "/b", "", "")).close();
    assertThat(received.poll(5, TimeUnit.SECONDS).headers().containsKey("X-pipeline")).isFalse();
  }

  @Test
  void anEndpointAppendsTheMethodToItsBaseUrlAndSetsItsHeadersWithoutTheAppToken() throws Exception {
    HttpEndpoint endpoint = new HttpEndpoint("ext", base + "/api", List.of(new HttpEndpoint.Header(
        "Accept-Language", "en-US"), new HttpEndpoint.Header("X-Key", "k")), null, dir);
    channels = new HttpEndpointChannels(List.of(endpoint), "http", "app-token", -1);
    assertThat(channels.hasEndpoint("ext")).isTrue();
    assertThat(channels.hasEndpoint("other")).isFalse();
    try (InvokeResponse r = channels.invoke("ext", request("GET", "/items/a b", "", ""))) {
      assertThat(r.status().code()).isEqualTo(201);
      assertThat(body(r)).isEqualTo("echo:");
    }
    Received got = received.poll(5, TimeUnit.SECONDS);
    assertThat(got.method()).isEqualTo("GET");
    assertThat(got.uri()).isEqualTo("/api/items/a%20b");
    assertThat(got.headers().get("Accept-language")).containsExactly("en-US");
    assertThat(got.headers().getFirst("X-key")).isEqualTo("k");
    assertThat(got.headers().containsKey("Dapr-api-token")).isFalse();
  }

  @Test
  void aBodyOfUnknownLengthStreamsBothWays() throws Exception {
    channels = new HttpEndpointChannels(List.of(), "http", null, -1);
    byte[] data = new byte[6 << 20];
    java.util.Arrays.fill(data, (byte) 'z');
    InvokeRequest streaming = new InvokeRequest("big", "POST", "", Map.of(), "application/octet-stream",
        new InvokeBody(new java.io.ByteArrayInputStream(data), -1));
    try (InvokeResponse r = channels.invoke(base, streaming)) {
      assertThat(r.status().code()).isEqualTo(201);
      assertThat(r.body().readAll(16 << 20)).hasSize(data.length + "echo:".length());
    }
    Received got = received.poll(5, TimeUnit.SECONDS);
    assertThat(got.headers().getFirst("Transfer-encoding")).isEqualTo("chunked");
    assertThat(got.body()).hasSize(data.length);
  }

  @Test
  void anEndpointFollowsRedirectsAsGosClientAndAUrlTargetDoesNot() throws Exception {
    HttpEndpoint endpoint = new HttpEndpoint("ext", base, List.of(), null, dir);
    channels = new HttpEndpointChannels(List.of(endpoint), "http", null, -1);
    try (InvokeResponse r = channels.invoke("ext", request("POST", "redirect/302/done", "", "data"))) {
      assertThat(r.status().code()).isEqualTo(201);
      assertThat(body(r)).isEqualTo("echo:");
    }
    assertThat(received.poll(5, TimeUnit.SECONDS).method()).isEqualTo("POST");
    Received followed = received.poll(5, TimeUnit.SECONDS);
    assertThat(followed.method()).isEqualTo("GET");
    assertThat(followed.uri()).isEqualTo("/done");
    assertThat(followed.headers().getFirst("Referer")).isEqualTo(base + "/redirect/302/done");

    try (InvokeResponse r = channels.invoke("ext", request("PUT", "redirect/307/kept", "", "again"))) {
      assertThat(body(r)).isEqualTo("echo:again");
    }
    received.poll(5, TimeUnit.SECONDS);
    assertThat(received.poll(5, TimeUnit.SECONDS).method()).isEqualTo("PUT");

    try (InvokeResponse r = channels.invoke(base, request("POST", "redirect/302/done", "", "data"))) {
      assertThat(r.status().code()).isEqualTo(302);
      assertThat(r.headers()).containsEntry("Location", List.of("/done"));
    }
    received.clear();
    assertThatThrownBy(() -> channels.invoke("ext", request("GET", "redirect/301", "", "")))
        .hasMessage("Get \"" + base + "/redirect/301\": stopped after 10 redirects");
    assertThat(received).hasSize(10);
  }

  @Test
  void anEmptyMethodCallsTheBaseItself() {
    assertThat(HttpEndpointChannel.url("http://h:1/x", "", "q=1")).isEqualTo("http://h:1/x?q=1");
    assertThat(HttpEndpointChannel.url("http://h:1/", "m", "")).isEqualTo("http://h:1//m");
    assertThat(HttpEndpointChannel.url("http://h:1", "a//b/../c", "")).isEqualTo("http://h:1/a/c");
  }

  @Test
  void anUnreachableServiceFailsWithTheGoClientsText() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    channels = new HttpEndpointChannels(List.of(), "http", null, -1);
    assertThatThrownBy(() -> channels.invoke("http://127.0.0.1:" + closed, request("POST", "m", "", "x")))
        .isInstanceOf(RemoteCallException.class)
        .hasMessage("Post \"http://127.0.0.1:" + closed + "/m\": dial tcp 127.0.0.1:" + closed
            + ": connect: connection refused");
  }

  @Test
  void aVerblessCallIsRefused() {
    channels = new HttpEndpointChannels(List.of(), "http", null, -1);
    assertThatThrownBy(() -> channels.invoke(base, request("NONE", "m", "", "")))
        .hasMessage("rpc error: code = InvalidArgument desc = missing HTTP extension field");
  }

  @Test
  void aRootCaThatIsNoCertificateClosesEveryExternalChannel() {
    HttpEndpoint bad = new HttpEndpoint("bad", base, List.of(), new HttpEndpoint.ClientTls("not a pem", null,
        null, null), dir);
    channels = new HttpEndpointChannels(List.of(bad), "http", null, -1);
    assertThat(channels.open()).isFalse();
    assertThat(channels.hasEndpoint("bad")).isTrue();
    assertThatThrownBy(() -> channels.invoke("bad", request("GET", "m", "", "")))
        .hasMessage("cannot invoke http endpoint bad: app channel not initialized");
    assertThatThrownBy(() -> channels.invoke(base, request("GET", "m", "", "")))
        .hasMessage("cannot invoke http endpoint " + base + ": app channel not initialized");
    assertThat(received).isEmpty();
  }

  @Test
  void anUnknownRenegotiationOrABadKeyPairClosesTheChannels() {
    HttpEndpoint renegotiation = new HttpEndpoint("r", base, List.of(), new HttpEndpoint.ClientTls(null, null,
        null, "Sometimes"), dir);
    channels = new HttpEndpointChannels(List.of(renegotiation), "http", null, -1);
    assertThat(channels.open()).isFalse();
    channels.close();
    HttpEndpoint keyPair = new HttpEndpoint("k", base, List.of(), new HttpEndpoint.ClientTls(null, "", "key",
        null), dir);
    channels = new HttpEndpointChannels(List.of(keyPair), "http", null, -1);
    assertThat(channels.open()).isFalse();
  }

  @Test
  void anEndpointPresentsItsClientCertificate() throws Exception {
    LoopbackCertificate server = LoopbackCertificate.create(dir);
    LoopbackCertificate client = LoopbackCertificate.create(dir);
    java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("client", client.keyStore().getCertificate("loopback"));
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
        javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(server.keyStore(), server.password());
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpsServer tls = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tls.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(com.sun.net.httpserver.HttpsParameters params) {
        javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
        ssl.setNeedClientAuth(true);
        params.setSSLParameters(ssl);
      }
    });
    tls.createContext("/", this::answer);
    tls.start();
    try {
      String tlsBase = "https://127.0.0.1:" + tls.getAddress().getPort();
      HttpEndpoint withCert = new HttpEndpoint("mtls", tlsBase, List.of(), new HttpEndpoint.ClientTls(
          server.certificatePem(), client.certificatePem(), client.privateKeyPem(), null), dir);
      HttpEndpoint withoutCert = new HttpEndpoint("plain", tlsBase, List.of(), new HttpEndpoint.ClientTls(
          server.certificatePem(), null, null, null), dir);
      channels = new HttpEndpointChannels(List.of(withCert, withoutCert), "http", null, -1);
      assertThat(channels.open()).isTrue();
      try (InvokeResponse r = channels.invoke("mtls", request("POST", "m", "", "who"))) {
        assertThat(r.status().code()).isEqualTo(201);
        assertThat(body(r)).isEqualTo("echo:who");
      }
      assertThatThrownBy(() -> channels.invoke("plain", request("POST", "m", "", "who")))
          .isInstanceOf(RemoteCallException.class)
          .hasMessageStartingWith("Post \"" + tlsBase + "/m\": ");
    } finally {
      tls.stop(0);
    }
  }

  @Test
  void anHttpsEndpointTrustsItsRootCaOnly() throws Exception {
    LoopbackCertificate cert = LoopbackCertificate.create(dir);
    HttpsServer tls = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tls.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
    tls.createContext("/", this::answer);
    tls.start();
    try {
      String tlsBase = "https://127.0.0.1:" + tls.getAddress().getPort();
      HttpEndpoint trusting = new HttpEndpoint("secure", tlsBase, List.of(), new HttpEndpoint.ClientTls(
          cert.certificatePem(), null, null, "Never"), dir);
      channels = new HttpEndpointChannels(List.of(trusting), "http", null, -1);
      assertThat(channels.open()).isTrue();
      try (InvokeResponse r = channels.invoke("secure", request("PUT", "v", "", "tls body"))) {
        assertThat(r.status().code()).isEqualTo(201);
        assertThat(body(r)).isEqualTo("echo:tls body");
      }
      assertThatThrownBy(() -> channels.invoke(tlsBase, request("PUT", "v", "", "x")))
          .hasMessage("Put \"" + tlsBase + "/v\": tls: failed to verify certificate: x509: certificate signed by "
              + "unknown authority");
    } finally {
      tls.stop(0);
    }
  }
}
