package io.jdaprd.server;

import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.errors.ErrorRendering;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checked settings of one sidecar, from the flags, the environment and the Configuration file. Every bad value
 * is a {@link BadFlagException} whose message is one line naming the flag and the value.
 */
record Settings(String appId, Integer appPort, String appProtocol, String appChannelAddress, int appMaxConcurrency,
    int httpPort, int grpcPort, List<String> listenAddresses, List<Path> resourcesPaths, String logLevel,
    boolean logAsJson, boolean enableMetrics, int metricsPort, int gracefulShutdownSeconds, ApiSettings api,
    String namespace, String appApiToken, boolean subscribeEndpoint, Integer internalGrpcPort,
    String internalGrpcListenAddress, com.fasterxml.jackson.databind.JsonNode configSpec) {

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
    if (!List.of("http", "https", "grpc", "grpcs", "h2c").contains(f.appProtocol)) {
      throw new BadFlagException("--app-protocol: " + f.appProtocol + " (expected: http, https, grpc, grpcs or h2c)");
    }
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
    long maxBody = f.maxRequestSizeMb != null ? f.maxRequestSizeMb * (1L << 20) : quantity(f.maxBodySize);
    if (f.internalGrpcPort != null) {
      port("--dapr-internal-grpc-port", f.internalGrpcPort);
    }
    String errorDetails = f.errorDetails;
    String errorCodes = f.errorCodes;
    if (f.config != null) {
      Map<String, String> fromConfig = ConfigurationFile.errorSettings(f.config);
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
    return new Settings(f.appId, f.appPort, f.appProtocol, f.appChannelAddress, f.appMaxConcurrency, f.httpPort,
        f.grpcPort, List.copyOf(f.listenAddresses), List.copyOf(f.resourcesPaths), level, f.logAsJson,
        f.enableMetrics, f.metricsPort, f.gracefulShutdownSeconds,
        new ApiSettings(rendering, env.get("DAPR_API_TOKEN"), maxBody), namespace == null || namespace.isBlank()
            ? null : namespace, blankToNull(env.get("APP_API_TOKEN")), !disabled.contains("subscribe"),
        f.internalGrpcPort, blankToNull(f.internalGrpcListenAddress), f.config == null
            ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : ConfigurationFile.spec(f.config));
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
  static long quantity(String text) throws BadFlagException {
    Matcher m = QUANTITY.matcher(text.trim());
    if (!m.matches()) {
      throw new BadFlagException("--max-body-size: " + text + " (expected: a size such as 4Mi or 512Ki)");
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
