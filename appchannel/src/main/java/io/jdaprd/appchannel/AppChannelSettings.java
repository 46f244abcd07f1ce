package io.jdaprd.appchannel;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach the application, as daprd's flags and environment say.
 *
 * @param protocol {@code --app-protocol}: {@code http}, {@code https}, {@code h2c}, {@code grpc} or {@code grpcs}
 * @param address {@code --app-channel-address}; {@code null} or blank means {@code 127.0.0.1}
 * @param port {@code --app-port}, 1 to 65535
 * @param appApiToken {@code APP_API_TOKEN}, sent as {@code dapr-api-token} on every call; {@code null} or empty for
 *     none
 * @param maxConcurrency {@code --app-max-concurrency}: the most calls into the app at once, all kinds together;
 *     -1 (or any value below 1) for no limit
 * @param callTimeout how long one call may take, from sending the request to the whole answer; {@code null} means
 *     {@link #DEFAULT_CALL_TIMEOUT}
 * @param healthCheckPath {@code --app-health-check-path}, the path an HTTP health probe gets; as in daprd, one
 *     leading {@code /} is ensured; {@code null} means {@link #DEFAULT_HEALTH_CHECK_PATH}
 */
public record AppChannelSettings(String protocol, String address, int port, String appApiToken, int maxConcurrency,
    Duration callTimeout, String healthCheckPath) {

  /**
   * The default per-call timeout, 60 seconds. daprd itself sets no deadline on a delivery unless a resiliency
   * policy does; this bound only keeps a hung app from holding a delivery (and a concurrency slot) forever.
   */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  /** The default {@code --app-channel-address}. */
  public static final String DEFAULT_ADDRESS = "127.0.0.1";

  /** daprd's default {@code --app-health-check-path}. */
  public static final String DEFAULT_HEALTH_CHECK_PATH = "/healthz";

  /** The {@code --app-protocol} values. */
  public static final List<String> PROTOCOLS = List.of("http", "https", "h2c", "grpc", "grpcs");

  public AppChannelSettings {
    Objects.requireNonNull(protocol, "protocol");
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException("protocol: " + protocol + " (expected: http, https, h2c, grpc or grpcs)");
    }
    address = address == null || address.isBlank() ? DEFAULT_ADDRESS : address;
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
    }
    appApiToken = appApiToken == null || appApiToken.isEmpty() ? null : appApiToken;
    maxConcurrency = maxConcurrency < 1 ? -1 : maxConcurrency;
    callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout: " + callTimeout + " (expected: a positive duration)");
    }
    healthCheckPath = healthCheckPath == null ? DEFAULT_HEALTH_CHECK_PATH
        : "/" + (healthCheckPath.startsWith("/") ? healthCheckPath.substring(1) : healthCheckPath);
  }

  /** Settings with the default health check path. */
  public AppChannelSettings(String protocol, String address, int port, String appApiToken, int maxConcurrency,
      Duration callTimeout) {
    this(protocol, address, port, appApiToken, maxConcurrency, callTimeout, null);
  }

  /** Whether the app speaks Dapr's gRPC {@code AppCallback} service rather than HTTP. */
  public boolean grpc() {
    return protocol.startsWith("grpc");
  }

  /** Whether the connection is TLS ({@code https}, {@code grpcs}); the app's certificate is not verified. */
  public boolean tls() {
    return protocol.equals("https") || protocol.equals("grpcs");
  }

  /** Whether {@link #appApiToken} is set. */
  public boolean hasToken() {
    return appApiToken != null;
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "AppChannelSettings[protocol=" + protocol + ", address=" + address + ", port=" + port + ", appApiToken="
        + (appApiToken == null ? "none" : "***") + ", maxConcurrency=" + maxConcurrency + ", callTimeout="
        + callTimeout + ", healthCheckPath=" + healthCheckPath + "]";
  }
}
