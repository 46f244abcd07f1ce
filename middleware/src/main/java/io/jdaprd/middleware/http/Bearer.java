package io.jdaprd.middleware.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.jdaprd.middleware.HttpMiddleware;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * components-contrib's {@code middleware.http.bearer}: a request must carry {@code Authorization: Bearer <JWT>}
 * whose signature verifies against a key of the JWK Set at metadata {@code jwksURL} (else the {@code jwks_uri} of
 * {@code <issuer>/.well-known/openid-configuration}, whose {@code issuer} must equal the configured one), with
 * {@code iss} equal to metadata {@code issuer} (alias {@code issuerURL}), {@code aud} containing metadata
 * {@code audience} (alias {@code clientID}), and {@code exp}, {@code nbf} and {@code iat} valid with five minutes of
 * clock skew; the algorithm is the key's (RSA, EC, EdDSA or HMAC). Anything else is {@code 401 Unauthorized} as
 * plain text; a key set that cannot be read when a request needs it is {@code 500}. The key set is fetched at init
 * (a failure is an init error) and refreshed every ten minutes, as contrib's cache.
 */
public final class Bearer implements HttpMiddleware {
  /** The component type. */
  public static final String TYPE = "middleware.http.bearer";
  private static final Logger LOG = LoggerFactory.getLogger(Bearer.class);
  private static final String PREFIX = "bearer ";
  private static final long SKEW_SECONDS = 300;
  private static final long REFRESH_MILLIS = Duration.ofMinutes(10).toMillis();
  private static final int TIMEOUT_MILLIS = 30_000;

  private String issuer;
  private DefaultJWTProcessor<SecurityContext> processor;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    issuer = metadata.get("issuer").or(() -> metadata.get("issuerURL")).orElse("");
    String audience = metadata.get("audience").or(() -> metadata.get("clientID")).orElse("");
    if (issuer.isEmpty()) {
      throw new ComponentException("metadata property 'issuer' is required");
    }
    if (audience.isEmpty()) {
      throw new ComponentException("metadata property 'audience' is required");
    }
    String jwksUrl = metadata.get("jwksURL", "");
    if (jwksUrl.isEmpty()) {
      jwksUrl = discover(issuer);
    }
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL(),
          new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, 1 << 20))
          .cache(REFRESH_MILLIS, TIMEOUT_MILLIS)
          .build();
      keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
    } catch (KeySourceException | IllegalArgumentException | java.net.MalformedURLException e) {
      throw new ComponentException("failed to fetch JWKS: " + e.getMessage());
    }
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    algorithms.addAll(JWSAlgorithm.Family.RSA);
    algorithms.addAll(JWSAlgorithm.Family.EC);
    algorithms.addAll(JWSAlgorithm.Family.ED);
    algorithms.addAll(JWSAlgorithm.Family.HMAC_SHA);
    processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier((type, context) -> {
    });
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of());
    claims.setMaxClockSkew((int) SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** The {@code jwks_uri} of the issuer's OpenID configuration, checked as contrib checks it. */
  private static String discover(String issuer) throws ComponentException {
    String url = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
        + "/.well-known/openid-configuration";
    String prefix = "failed to retrieve OpenID Configuration document: ";
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(TIMEOUT_MILLIS)).build()) {
      var res = client.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(
          Duration.ofMillis(TIMEOUT_MILLIS)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      if (res.statusCode() != 200) {
        throw new ComponentException(prefix + "invalid response status code: " + res.statusCode());
      }
      JsonNode doc = new ObjectMapper().readTree(res.body());
      String jwks = doc.path("jwks_uri").asText("");
      if (jwks.isEmpty()) {
        throw new ComponentException(prefix + "the OpenID Configuration document does not contain a 'jwks_uri'");
      }
      String found = doc.path("issuer").asText("");
      if (!found.equals(issuer)) {
        throw new ComponentException(prefix + "the issuer found in the OpenID Configuration document ('" + found
            + "') doesn't match the one provided in the component's metadata ('" + issuer + "')");
      }
      return jwks;
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new ComponentException(prefix + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComponentException(prefix + "interrupted");
    }
  }

  @Override
  public HttpResponse handle(RequestContext ctx, HttpRequest req, Next next) throws Exception {
    String auth = req.headers().get("authorization", "");
    if (auth.length() < PREFIX.length() + 1 || !auth.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT)
        .equals(PREFIX)) {
      return PlainText.of(401);
    }
    String token = auth.substring(PREFIX.length());
    if (token.length() < 10) {
      return PlainText.of(401);
    }
    if (ctx instanceof ServiceRequestContext sctx) {
      // A key set refresh may block: verify off the event loop, then go on there.
      return HttpResponse.of(CompletableFuture.supplyAsync(() -> verify(token), sctx.blockingTaskExecutor())
          .thenApplyAsync(status -> status == 200 ? proceed(next, req) : PlainText.of(status), sctx.eventLoop()));
    }
    int status = verify(token);
    return status == 200 ? next.handle(req) : PlainText.of(status);
  }

  private static HttpResponse proceed(Next next, HttpRequest req) {
    try {
      return next.handle(req);
    } catch (Exception e) {
      return HttpResponse.ofFailure(e);
    }
  }

  /** 200 for a valid token, 401 for an invalid one, 500 when the key set cannot be read. */
  int verify(String token) {
    try {
      JWTClaimsSet claims = processor.process(token, null);
      if (claims.getIssueTime() != null
          && claims.getIssueTime().toInstant().isAfter(java.time.Instant.now().plusSeconds(SKEW_SECONDS))) {
        return 401;
      }
      return 200;
    } catch (KeySourceException e) {
      LOG.error("Failed to retrieve JWKS cache: {}", e.getMessage());
      return 500;
    } catch (java.text.ParseException | com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
      return 401;
    }
  }
}
