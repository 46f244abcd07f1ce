package io.jdaprd.server;

import io.jdaprd.core.apphealth.AppHealthConfig;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.errors.ErrorRendering;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checked settings of one sidecar, from the flags, the environment and the Configuration file. Every bad value
 * is a {@link BadFlagException} whose message is one line naming the flag and the value.
 *
 * @param appPort {@code --app-port}; {@code null} when unset or 0 (daprd's "no app", which {@code dapr run} passes
 *     for an app without a port)
 * @param appProtocol {@code --app-protocol}, turned into {@code https} / {@code grpcs} by the deprecated
 *     {@code --app-ssl}
 * @param appHealth the app health checks, {@code null} without {@code --enable-app-health-check}
 * @param internalGrpcPort {@code --dapr-internal-grpc-port}; {@code null} (unset, empty or 0) means a free port
 * @param internalGrpcListenAddress {@code --dapr-internal-grpc-listen-address}; {@code null} when unset or empty
 * @param configSpec the {@code spec} of the {@code --config} Configuration; a missing node without one
 * @param enableMtls {@code --enable-mtls}: mTLS between sidecars, with the certificates of {@code DAPR_TRUST_ANCHORS},
 *     {@code DAPR_CERT_CHAIN} and {@code DAPR_CERT_KEY}
 * @param metricsListenAddress {@code --metrics-listen-address}: the metrics server's address (all interfaces: 0.0.0.0)
 * @param placementAddresses {@code --placement-host-address}, split at commas (blank entries dropped): the placement
 *     service's addresses; empty without one (actors are placed on this sidecar)
 * @param warnings lines to log at WARN once logging is set up: daprd flags given that jdaprd accepts but does not
 *     use ({@link UnusedFlags}), deprecated flags
 * @param serving CORS, API logging and access lists, the public port, sockets, profiling, shutdown blocking
 * @param hotReloadInterval {@code --hot-reload-reconcile-interval}: hot reload's backup reconcile period (daprd's
 *     60 s when 0 or unset)
 */
record Settings(String appId, Integer appPort, String appProtocol, String appChannelAddress, int appMaxConcurrency,
    int httpPort, int grpcPort, List<String> listenAddresses, List<Path> resourcesPaths, String logLevel,
    boolean logAsJson, boolean enableMetrics, int metricsPort, int gracefulShutdownSeconds, ApiSettings api,
    String namespace, String appApiToken, boolean subscribeEndpoint, AppHealthConfig appHealth,
    Integer internalGrpcPort, String internalGrpcListenAddress, List<String> warnings,
    com.fasterxml.jackson.databind.JsonNode configSpec, boolean enableMtls, String metricsListenAddress,
    List<String> placementAddresses, Serving serving, Duration hotReloadInterval) {

  private static final Pattern QUANTITY = Pattern.compile("(\\d+)\\s*(Ki|Mi|Gi|k|K|M|G)?B?");

  /** A flag or value that cannot be used; the message is one line. */
  static final class BadFlagException extends Exception {
    private static final long serialVersionUID = 1L;

    BadFlagException(String message) {
      super(message);
    }
  }

  static Settings from(Flags f, Map<String, String> env) throws BadFlagException {
    if (f.appId == null || f.appId.isBlank()) {
      throw new BadFlagException("--app-id is required (expected: the app's id, for example --app-id myapp)");
    }
    if (f.appId.contains(".")) {
      throw new BadFlagException("--app-id: " + f.appId + " (expected: an id without dots)");
    }
    if (f.appPort != null) {
      port("--app-port", f.appPort);
    }
    Integer appPort = f.appPort == null || f.appPort == 0 ? null : f.appPort;
    if (!List.of("http", "https", "grpc", "grpcs", "h2c").contains(f.appProtocol)) {
      throw new BadFlagException("--app-protocol: " + f.appProtocol + " (expected: http, https, grpc, grpcs or h2c)");
    }
    List<String> warnings = new ArrayList<>();
    String appProtocol = f.appProtocol;
    if (f.appSsl) {
      String secure = switch (appProtocol) {
        case "http" -> "https";
        case "grpc" -> "grpcs";
        default -> appProtocol;
      };
      warnings.add("--app-ssl is deprecated: use --app-protocol " + (secure.equals(appProtocol) ? "https or grpcs"
          : secure) + " instead");
      appProtocol = secure;
    }
    AppHealthConfig appHealth = appHealth(f);
    Integer internalGrpcPort = internalGrpcPort(f.internalGrpcPort);
    checkAcceptedOnly(f);
    warnings.addAll(UnusedFlags.warnings(f));
    port("--dapr-http-port", f.httpPort);
    port("--dapr-grpc-port", f.grpcPort);
    if (f.metricsPort != 0 || f.enableMetrics) {
      port("--metrics-port", f.metricsPort);
    }
    if (f.httpPort != 0 && f.httpPort == f.grpcPort) {
      throw new BadFlagException("--dapr-grpc-port: " + f.grpcPort + " (expected: a port other than the HTTP port)");
    }
    String level = f.logLevel.toLowerCase(Locale.ROOT);
    if (!List.of("debug", "info", "warn", "error", "fatal").contains(level)) {
      throw new BadFlagException("--log-level: " + f.logLevel + " (expected: debug, info, warn, error or fatal)");
    }
    if (f.gracefulShutdownSeconds < 0) {
      throw new BadFlagException("--dapr-graceful-shutdown-seconds: " + f.gracefulShutdownSeconds
          + " (expected: 0 or more)");
    }
    if (!f.mode.equals("standalone")) {
      throw new BadFlagException("--mode: " + f.mode + " (expected: standalone)");
    }
    long maxBody = f.given("--max-body-size") || !f.given("--dapr-http-max-request-size")
        ? quantity("--max-body-size", f.maxBodySize) : f.maxRequestSizeMb * (1L << 20);
    maxBody = Math.max(maxBody, 0); // daprd: a size of 0 or less sets no limit
    String errorDetails = f.errorDetails;
    String errorCodes = f.errorCodes;
    com.fasterxml.jackson.databind.JsonNode configSpec = ConfigurationFile.spec(f.config, env);
    if (!f.config.isEmpty()) {
      Map<String, String> fromConfig = ConfigurationFile.errorSettings(configSpec);
      if (errorDetails.equals("dapr")) {
        errorDetails = fromConfig.getOrDefault("errorDetails", errorDetails);
      }
      if (errorCodes.equals("daprd")) {
        errorCodes = fromConfig.getOrDefault("errorCodes", errorCodes);
      }
    }
    ErrorRendering rendering = switch (errorDetails) {
      case "dapr" -> ErrorRendering.DAPR;
      case "rich" -> ErrorRendering.RICH;
      default -> throw new BadFlagException("--error-details: " + errorDetails + " (expected: dapr or rich)");
    };
    rendering = switch (errorCodes) {
      case "daprd" -> rendering;
      case "published" -> rendering.withPublishedCodes(true);
      default -> throw new BadFlagException("--error-codes: " + errorCodes + " (expected: daprd or published)");
    };
    String namespace = env.get("NAMESPACE");
    List<String> disabled = new java.util.ArrayList<>();
    for (String endpoint : f.disableInitEndpoints) {
      String e = endpoint.trim();
      if (!e.equals("config") && !e.equals("subscribe")) {
        throw new BadFlagException("--disable-init-endpoints: " + e + " (expected: config or subscribe)");
      }
      disabled.add(e);
    }
    return new Settings(f.appId, appPort, appProtocol, f.appChannelAddress, f.appMaxConcurrency, f.httpPort,
        f.grpcPort, List.copyOf(f.listenAddresses), List.copyOf(f.resourcesPaths), level, f.logAsJson,
        f.enableMetrics, f.metricsPort, f.gracefulShutdownSeconds,
        new ApiSettings(rendering, env.get("DAPR_API_TOKEN"), maxBody), namespace == null || namespace.isBlank()
            ? null : namespace, blankToNull(env.get("APP_API_TOKEN")), !disabled.contains("subscribe"), appHealth,
        internalGrpcPort, blankToNull(f.internalGrpcListenAddress), List.copyOf(warnings), configSpec,
        f.enableMtls, f.metricsListenAddress,
        placementAddresses(f.placementHostAddress), ServingSettings.from(f, configSpec, warnings),
        hotReloadInterval(f.hotReloadReconcileInterval));
  }

  /**
   * The app health settings; their values are checked even without {@code --enable-app-health-check}, as daprd
   * checks them. Unlike daprd, which falls back to its defaults, a value below 1 is refused.
   */
  private static AppHealthConfig appHealth(Flags f) throws BadFlagException {
    atLeastOne("--app-health-probe-interval", f.appHealthProbeInterval, "seconds");
    atLeastOne("--app-health-probe-timeout", f.appHealthProbeTimeout, "milliseconds");
    atLeastOne("--app-health-threshold", f.appHealthThreshold, "failed probes");
    Duration interval = Duration.ofSeconds(f.appHealthProbeInterval);
    Duration timeout = Duration.ofMillis(f.appHealthProbeTimeout);
    if (timeout.compareTo(interval) > 0) {
      throw new BadFlagException("--app-health-probe-timeout: " + f.appHealthProbeTimeout
          + " (expected: at most the probe interval, " + interval.toMillis() + " ms)");
    }
    return f.enableAppHealthCheck
        ? new AppHealthConfig(f.appHealthCheckPath, interval, timeout, f.appHealthThreshold) : null;
  }

  private static void atLeastOne(String flag, int value, String unit) throws BadFlagException {
    if (value < 1) {
      throw new BadFlagException(flag + ": " + value + " (expected: " + unit + ", 1 or more)");
    }
  }

  /** daprd's {@code --dapr-internal-grpc-port}: empty or {@code 0} picks a port. */
  private static Integer internalGrpcPort(String text) throws BadFlagException {
    if (text == null || text.isBlank() || text.trim().equals("0")) {
      return null;
    }
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadFlagException("--dapr-internal-grpc-port: " + text + " (expected: a port from 1 to 65535, or 0 "
        + "for a free port)");
  }

  /** The values of the flags jdaprd accepts without using them must still be what daprd accepts. */
  private static void checkAcceptedOnly(Flags f) throws BadFlagException {
    for (String[] flag : new String[][] {{"--app-binding-options-timeout", f.appBindingOptionsTimeout}}) {
      ServingSettings.duration(flag[0], flag[1]);
    }
    java.time.Duration dissemination = ServingSettings.duration("--actors-disseminate-timeout",
        f.actorsDisseminateTimeout);
    if (dissemination.isNegative() || dissemination.isZero()) {
      throw new BadFlagException("--actors-disseminate-timeout: " + f.actorsDisseminateTimeout
          + " (expected: a positive duration, as daprd requires)");
    }
    if (f.schedulerJobStreams < 0) {
      throw new BadFlagException("--scheduler-job-streams: " + f.schedulerJobStreams + " (expected: 0 or more)");
    }
  }

  /** daprd's hot reload backup period: the flag's duration, 60 s when it is 0 or less. */
  private static Duration hotReloadInterval(String flag) throws BadFlagException {
    Duration d = ServingSettings.duration("--hot-reload-reconcile-interval", flag);
    return d.isNegative() || d.isZero() ? Duration.ofSeconds(60) : d;
  }

  /** daprd's list of placement addresses: comma-separated, each trimmed of blanks and quotes. */
  private static List<String> placementAddresses(String flag) {
    List<String> out = new ArrayList<>();
    if (flag != null) {
      for (String part : flag.split(",")) {
        String a = part.trim().replaceAll("^[\"']+|[\"']+$", "").trim();
        if (!a.isEmpty()) {
          out.add(a);
        }
      }
    }
    return List.copyOf(out);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static void port(String flag, int port) throws BadFlagException {
    if (port < 0 || port > 65535) {
      throw new BadFlagException(flag + ": " + port + " (expected: a port from 0 to 65535)");
    }
  }

  /** A size such as {@code 4Mi}, {@code 512Ki}, {@code 1G} or {@code 4194304}, in bytes. */
  static long quantity(String flag, String text) throws BadFlagException {
    Matcher m = QUANTITY.matcher(text.trim());
    if (!m.matches()) {
      throw new BadFlagException(flag + ": " + text + " (expected: a size such as 4Mi or 512Ki)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2);
    return n * switch (unit) {
      case "Ki" -> 1L << 10;
      case "Mi" -> 1L << 20;
      case "Gi" -> 1L << 30;
      case "k", "K" -> 1000L;
      case "M" -> 1000_000L;
      case "G" -> 1000_000_000L;
      default -> 1L;
    };
  }
}
