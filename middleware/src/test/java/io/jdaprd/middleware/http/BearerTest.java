package io.jdaprd.middleware.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.jdaprd.spi.ComponentException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bearer middleware against a JWK Set and an OpenID configuration served locally. */
class BearerTest {
  private static final String AUDIENCE = "orders-api";
  private static RSAKey key;
  private static RSAKey stranger;
  private static HttpServer server;
  private static String base;
  private static volatile String discoveredIssuer;

  @BeforeAll
  static void serveKeys() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    discoveredIssuer = base;
    server.createContext("/jwks.json", ex -> {
      byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("content-type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.createContext("/.well-known/openid-configuration", ex -> {
      byte[] body = ("{\"issuer\":\"" + discoveredIssuer + "\",\"jwks_uri\":\"" + base + "/jwks.json\"}")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static Bearer bearer() throws Exception {
    return Middlewares.init(new Bearer(), Bearer.TYPE, Map.of("issuer", base, "audience", AUDIENCE,
        "jwksURL", base + "/jwks.json"));
  }

  private static String token(RSAKey signer, String issuer, String audience, Instant exp, Instant iat)
      throws Exception {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("alice");
    if (exp != null) {
      claims.expirationTime(Date.from(exp));
    }
    if (iat != null) {
      claims.issueTime(Date.from(iat));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
        claims.build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  private static String valid() throws Exception {
    return token(key, base, AUDIENCE, Instant.now().plusSeconds(60), Instant.now());
  }

  private static AggregatedHttpResponse call(Bearer m, String authorization) throws Exception {
    RequestHeaders headers = authorization == null ? RequestHeaders.of(HttpMethod.GET, "/v1.0/state/s/k")
        : RequestHeaders.of(HttpMethod.GET, "/v1.0/state/s/k", "authorization", authorization);
    HttpRequest req = HttpRequest.of(headers);
    return Middlewares.run(m, ClientRequestContext.of(req), req, r -> HttpResponse.of("passed"));
  }

  @Test
  void aValidTokenPassesWhateverTheCaseOfTheScheme() throws Exception {
    Bearer m = bearer();
    assertThat(call(m, "Bearer " + valid()).contentUtf8()).isEqualTo("passed");
    assertThat(call(m, "BEARER " + valid()).contentUtf8()).isEqualTo("passed");
  }

  @Test
  void aMissingOrMalformedHeaderIsPlainText401() throws Exception {
    Bearer m = bearer();
    for (String auth : new String[] {null, "Basic YWxpY2U6c2VjcmV0", "Bearer ", "Bearer short", "Bearer a.b.c.d.e"}) {
      AggregatedHttpResponse res = call(m, auth);
      assertThat(res.status().code()).as(String.valueOf(auth)).isEqualTo(401);
      assertThat(res.contentUtf8()).isEqualTo("Unauthorized");
      assertThat(res.contentType().toString()).isEqualTo("text/plain; charset=utf-8");
    }
  }

  @Test
  void claimsAreCheckedWithFiveMinutesOfSkew() throws Exception {
    Bearer m = bearer();
    Instant now = Instant.now();
    assertThat(call(m, "Bearer " + token(key, base, AUDIENCE, now.minusSeconds(120), null)).status().code())
        .isEqualTo(200);
    assertThat(call(m, "Bearer " + token(key, base, AUDIENCE, now.minusSeconds(600), null)).status().code())
        .isEqualTo(401);
    assertThat(call(m, "Bearer " + token(key, base, AUDIENCE, null, now.plusSeconds(600))).status().code())
        .isEqualTo(401);
    assertThat(call(m, "Bearer " + token(key, base, "someone-else", null, null)).status().code())
        .isEqualTo(401);
    assertThat(call(m, "Bearer " + token(key, "https://other", AUDIENCE, null, null)).status().code())
        .isEqualTo(401);
  }

  @Test
  void aTokenSignedByAnotherKeyIsRefused() throws Exception {
    assertThat(call(bearer(), "Bearer " + token(stranger, base, AUDIENCE, null, null)).status().code())
        .isEqualTo(401);
  }

  @Test
  void onTheApiTheTokenIsVerifiedOffTheEventLoop() throws Exception {
    Bearer m = bearer();
    HttpRequest req = HttpRequest.of(RequestHeaders.of(HttpMethod.GET, "/v1.0/state/s/k", "authorization",
        "Bearer " + valid()));
    assertThat(Middlewares.run(m, ServiceRequestContext.of(req), req, r -> HttpResponse.of("passed"))
        .contentUtf8()).isEqualTo("passed");
  }

  @Test
  void withoutAJwksUrlTheIssuersOpenIdConfigurationNamesIt() throws Exception {
    Bearer m = Middlewares.init(new Bearer(), Bearer.TYPE, Map.of("issuerURL", base, "clientID", AUDIENCE));
    assertThat(call(m, "Bearer " + valid()).contentUtf8()).isEqualTo("passed");
    discoveredIssuer = "https://elsewhere";
    try {
      assertThatThrownBy(() -> Middlewares.init(new Bearer(), Bearer.TYPE, Map.of("issuer", base, "audience",
          AUDIENCE))).isInstanceOf(ComponentException.class).hasMessage("failed to retrieve OpenID Configuration "
          + "document: the issuer found in the OpenID Configuration document ('https://elsewhere') doesn't match "
          + "the one provided in the component's metadata ('" + base + "')");
    } finally {
      discoveredIssuer = base;
    }
  }

  @Test
  void initNeedsIssuerAudienceAndAReadableKeySet() {
    Map<String, String> md = new HashMap<>(Map.of("audience", AUDIENCE));
    assertThatThrownBy(() -> Middlewares.init(new Bearer(), Bearer.TYPE, md)).isInstanceOf(ComponentException.class)
        .hasMessage("metadata property 'issuer' is required");
    assertThatThrownBy(() -> Middlewares.init(new Bearer(), Bearer.TYPE, Map.of("issuer", base)))
        .hasMessage("metadata property 'audience' is required");
    assertThatThrownBy(() -> Middlewares.init(new Bearer(), Bearer.TYPE, Map.of("issuer", base, "audience",
        AUDIENCE, "jwksURL", base + "/missing.json"))).isInstanceOf(ComponentException.class)
        .hasMessageStartingWith("failed to fetch JWKS: ");
  }
}
