package io.jdaprd.appchannel;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.DecoratingHttpClientFunction;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import io.jdaprd.core.invoke.ExternalInvoker;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.core.invoke.endpoints.HttpEndpoint;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels of external service invocation, as daprd opens them: one for URL targets, on the app's client
 * settings ({@code --app-protocol}: {@code https} accepts any certificate, {@code h2c} speaks HTTP/2 in plain text;
 * the app token is sent), and one per {@code HTTPEndpoint}, with its {@code spec.clientTLS} (the root CA as the
 * only trusted authority, the client certificate and key) and its headers. Every channel has its own
 * {@code --app-max-concurrency} bound.
 *
 * <p>As in daprd, one endpoint whose TLS settings cannot be used (a root CA that is not PEM, a key pair that does not
 * load, an unknown {@code renegotiation}) leaves every external channel closed: the sidecar logs a warning and each
 * external call fails with {@code cannot invoke http endpoint <id>: app channel not initialized}.
 */
public final class HttpEndpointChannels implements ExternalInvoker, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpointChannels.class);
  /** daprd's dial and TLS handshake timeout of an endpoint's channel. */
  static final Duration ENDPOINT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
  private static final Set<String> RENEGOTIATION = Set.of("Never", "OnceAsClient", "FreelyAsClient");

  private final Set<String> names = new LinkedHashSet<>();
  private final Map<String, HttpEndpointChannel> endpoints = new LinkedHashMap<>();
  /** Whether every endpoint's TLS settings could be used (else no external channel is open). */
  private final boolean open;
  private final String appProtocol;
  private final String appApiToken;
  private final int maxConcurrency;
  /** The channel of URL targets, opened on the first URL call (a client factory costs TLS set-up at start). */
  private volatile HttpEndpointChannel urls;
  private boolean closed;

  /**
   * Opens the channels.
   *
   * @param appProtocol {@code --app-protocol} ({@code http} when there is no app)
   * @param appApiToken {@code APP_API_TOKEN}, {@code null} or empty for none
   * @param maxConcurrency {@code --app-max-concurrency}, below 1 for no bound
   */
  public HttpEndpointChannels(List<HttpEndpoint> httpEndpoints, String appProtocol, String appApiToken,
      int maxConcurrency) {
    this(httpEndpoints, appProtocol, appApiToken, maxConcurrency, null);
  }

  /**
   * Opens the channels, the calls to {@code HTTPEndpoint}s running through {@code appPipeline} (the
   * Configuration's {@code spec.appHttpPipeline}, as daprd gives endpoint channels the app's middleware;
   * {@code null}: none).
   */
  public HttpEndpointChannels(List<HttpEndpoint> httpEndpoints, String appProtocol, String appApiToken,
      int maxConcurrency, DecoratingHttpClientFunction appPipeline) {
    this.appProtocol = appProtocol;
    this.appApiToken = appApiToken;
    this.maxConcurrency = maxConcurrency;
    httpEndpoints.forEach(e -> names.add(e.name()));
    Map<String, HttpEndpointChannel> opened = new LinkedHashMap<>();
    boolean usable = true;
    try {
      for (HttpEndpoint e : httpEndpoints) {
        opened.put(e.name(), new HttpEndpointChannel(endpointFactory(e), e.baseUrl(), e.headers(), null,
            maxConcurrency, false, false, true, appPipeline));
      }
    } catch (InvalidTlsException e) {
      opened.values().forEach(HttpEndpointChannel::close);
      opened.clear();
      usable = false;
      LOG.warn("failed to open {} channel to app: failed to create HTTP endpoints channels: {}", appProtocol,
          e.getMessage());
    }
    endpoints.putAll(opened);
    open = usable;
  }

  /** The channel of URL targets, opened now if this is the first URL call; {@code null} when not {@link #open}. */
  private HttpEndpointChannel urls() {
    HttpEndpointChannel opened = urls;
    return opened != null ? opened : openUrls();
  }

  private synchronized HttpEndpointChannel openUrls() {
    if (!open || closed) {
      return null;
    }
    if (urls == null) {
      ClientFactoryBuilder app = RequestHeadersWithBody.on(ClientFactory.builder());
      if ("https".equals(appProtocol)) {
        app.tlsNoVerify();
      }
      urls = new HttpEndpointChannel(app.build(), null, List.of(), appApiToken, maxConcurrency, true,
          "h2c".equals(appProtocol), false);
    }
    return urls;
  }

  @Override
  public boolean hasEndpoint(String name) {
    return names.contains(name);
  }

  @Override
  public InvokeResponse invoke(String target, InvokeRequest request) throws RemoteCallException {
    HttpEndpointChannel channel = endpoints.get(target);
    if (channel == null) {
      channel = urls();
    }
    if (channel == null) {
      throw ExternalInvoker.notInitialized(target);
    }
    return channel.invoke(target, request);
  }

  /** Whether the channels are open (no endpoint's TLS settings failed). */
  public boolean open() {
    return open;
  }

  /** Closes every channel's connections. */
  @Override
  public void close() {
    endpoints.values().forEach(HttpEndpointChannel::close);
    HttpEndpointChannel opened;
    synchronized (this) {
      closed = true;
      opened = urls;
    }
    if (opened != null) {
      opened.close();
    }
  }

  private static ClientFactory endpointFactory(HttpEndpoint endpoint) throws InvalidTlsException {
    ClientFactoryBuilder builder = RequestHeadersWithBody.on(ClientFactory.builder())
        .connectTimeout(ENDPOINT_CONNECT_TIMEOUT);
    HttpEndpoint.ClientTls tls = endpoint.clientTls();
    if (tls == null) {
      return builder.build();
    }
    String name = endpoint.name();
    if (tls.rootCa() != null && !hasCertificate(tls.rootCa())) {
      throw new InvalidTlsException("failed to add root cert to cert pool for http endpoint " + name);
    }
    if (tls.privateKey() != null) {
      String certificate = tls.certificate() == null ? "" : tls.certificate();
      if (!certificate.contains("-----BEGIN")) {
        throw new InvalidTlsException("failed to load client certificate for http endpoint " + name
            + ": tls: failed to find any PEM data in certificate input");
      }
      if (!tls.privateKey().contains("-----BEGIN")) {
        throw new InvalidTlsException("failed to load client certificate for http endpoint " + name
            + ": tls: failed to find any PEM data in key input");
      }
      try {
        SslContextBuilder.forClient().keyManager(stream(certificate), stream(tls.privateKey())).build();
      } catch (SSLException | RuntimeException e) {
        throw new InvalidTlsException("failed to load client certificate for http endpoint " + name + ": tls: "
            + (e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                : e.getMessage()));
      }
    }
    if (tls.renegotiation() != null && !RENEGOTIATION.contains(tls.renegotiation())) {
      throw new InvalidTlsException("invalid renegotiation value " + tls.renegotiation() + " for http endpoint "
          + name);
    }
    builder.tlsCustomizer(ssl -> {
      if (tls.rootCa() != null) {
        ssl.trustManager(stream(tls.rootCa()));
      }
      if (tls.privateKey() != null) {
        ssl.keyManager(stream(tls.certificate()), stream(tls.privateKey()));
      }
    });
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new InvalidTlsException("failed to load client certificate for http endpoint " + name + ": tls: "
          + (e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
              : e.getMessage()));
    }
  }

  /** Whether {@code pem} holds at least one certificate, as Go's {@code AppendCertsFromPEM} asks. */
  private static boolean hasCertificate(String pem) {
    try {
      return !CertificateFactory.getInstance("X.509").generateCertificates(stream(pem)).isEmpty();
    } catch (CertificateException e) {
      return false;
    }
  }

  private static ByteArrayInputStream stream(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8));
  }

  /** An endpoint's TLS settings cannot be used; the message is daprd's. */
  private static final class InvalidTlsException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTlsException(String message) {
      super(message);
    }
  }
}
