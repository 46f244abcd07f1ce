package io.jdaprd.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * daprd's flags, with daprd's names and defaults. Both {@code --flag} and Go's {@code -flag} are accepted, and
 * {@code --flag=value} as well as {@code --flag value}.
 */
@Command(name = "jdaprd", mixinStandardHelpOptions = true, versionProvider = Flags.Version.class,
    description = "A Dapr-compatible sidecar runtime. `jdaprd errors --format markdown --lang en|zh` prints the "
        + "error reference.")
public final class Flags {
  @Option(names = {"--app-id", "-app-id"}, description = "The app's id (no dots).")
  String appId;

  @Option(names = {"--app-port", "-app-port"}, description = "The port the app listens on; none by default.")
  Integer appPort;

  @Option(names = {"--app-protocol", "-app-protocol"}, defaultValue = "http",
      description = "How the sidecar talks to the app: http, https, grpc, grpcs or h2c. Default: ${DEFAULT-VALUE}.")
  String appProtocol;

  @Option(names = {"--app-channel-address", "-app-channel-address"}, defaultValue = "127.0.0.1",
      description = "The app's address. Default: ${DEFAULT-VALUE}.")
  String appChannelAddress;

  @Option(names = {"--app-max-concurrency", "-app-max-concurrency"}, defaultValue = "-1",
      description = "The most concurrent calls into the app; -1 for no limit.")
  int appMaxConcurrency;

  @Option(names = {"--dapr-http-port", "-dapr-http-port"}, defaultValue = "3500",
      description = "The HTTP API port. Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(names = {"--dapr-grpc-port", "-dapr-grpc-port"}, defaultValue = "50001",
      description = "The gRPC API port. Default: ${DEFAULT-VALUE}.")
  int grpcPort;

  @Option(names = {"--dapr-listen-addresses", "-dapr-listen-addresses"}, split = ",",
      description = "The addresses the API servers listen on, comma-separated; all interfaces by default.")
  List<String> listenAddresses = new ArrayList<>();

  @Option(names = {"--resources-path", "-resources-path", "--components-path", "-components-path"},
      description = "A directory of resource YAML files; repeatable.")
  List<Path> resourcesPaths = new ArrayList<>();

  @Option(names = {"--config", "-config"}, description = "A Configuration YAML file.")
  Path config;

  @Option(names = {"--log-level", "-log-level"}, defaultValue = "info",
      description = "debug, info, warn, error or fatal. Default: ${DEFAULT-VALUE}.")
  String logLevel;

  @Option(names = {"--log-as-json", "-log-as-json"}, description = "Log JSON lines.")
  boolean logAsJson;

  @Option(names = {"--enable-metrics", "-enable-metrics"}, defaultValue = "true", arity = "0..1",
      fallbackValue = "true", description = "Serve Prometheus metrics. Default: ${DEFAULT-VALUE}.")
  boolean enableMetrics;

  @Option(names = {"--metrics-listen-address", "-metrics-listen-address"}, defaultValue = "0.0.0.0",
      description = "The address the metrics server listens on. Default: ${DEFAULT-VALUE}.")
  String metricsListenAddress;

  @Option(names = {"--metrics-port", "-metrics-port"}, defaultValue = "9090",
      description = "The Prometheus metrics port. Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  @Option(names = {"--dapr-graceful-shutdown-seconds", "-dapr-graceful-shutdown-seconds"}, defaultValue = "5",
      description = "How long a shutdown waits for requests in flight. Default: ${DEFAULT-VALUE}.")
  int gracefulShutdownSeconds;

  @Option(names = {"--max-body-size", "-max-body-size"}, defaultValue = "4Mi",
      description = "The largest request body, e.g. 4Mi. Default: ${DEFAULT-VALUE}.")
  String maxBodySize;

  @Option(names = {"--dapr-http-max-request-size", "-dapr-http-max-request-size"},
      description = "Deprecated: the largest request body in MB.")
  Integer maxRequestSizeMb;

  @Option(names = {"--error-details", "-error-details"}, defaultValue = "dapr",
      description = "dapr: errors exactly as daprd sends them; rich: every error also carries ErrorInfo, "
          + "ResourceInfo and a Help link. Default: ${DEFAULT-VALUE}.")
  String errorDetails;

  @Option(names = {"--error-codes", "-error-codes"}, defaultValue = "daprd",
      description = "daprd: the codes today's daprd returns; published: the codes of Dapr's published error table "
          + "where daprd renamed them (ERR_STATE_STORES_NOT_CONFIGURED, ERR_DESERIALIZE_HTTP_BODY). "
          + "Default: ${DEFAULT-VALUE}.")
  String errorCodes;

  @Option(names = {"--disable-init-endpoints", "-disable-init-endpoints"}, split = ",",
      description = "App endpoints the sidecar does not call at startup: subscribe (GET /dapr/subscribe), config.")
  List<String> disableInitEndpoints = new ArrayList<>();

  @Option(names = {"--mode", "-mode"}, defaultValue = "standalone",
      description = "standalone (the only mode of this runtime). Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(names = {"--enable-app-health-check", "-enable-app-health-check"}, arity = "0..1", fallbackValue = "true",
      description = "Probe the app's health (HTTP GET of --app-health-check-path, gRPC AppCallbackHealthCheck); "
          + "while it is unhealthy its subscriptions are paused and calls to it fail.")
  boolean enableAppHealthCheck;

  @Option(names = {"--app-health-check-path", "-app-health-check-path"}, defaultValue = "/healthz",
      description = "The path of the HTTP health probe. Default: ${DEFAULT-VALUE}.")
  String appHealthCheckPath;

  @Option(names = {"--app-health-probe-interval", "-app-health-probe-interval"}, defaultValue = "5",
      description = "Seconds between two health probes. Default: ${DEFAULT-VALUE}.")
  int appHealthProbeInterval;

  @Option(names = {"--app-health-probe-timeout", "-app-health-probe-timeout"}, defaultValue = "500",
      description = "Milliseconds one health probe may take; not more than the interval. Default: ${DEFAULT-VALUE}.")
  int appHealthProbeTimeout;

  @Option(names = {"--app-health-threshold", "-app-health-threshold"}, defaultValue = "3",
      description = "Consecutive failed probes after which the app is unhealthy. Default: ${DEFAULT-VALUE}.")
  int appHealthThreshold;

  @Option(names = {"--app-ssl", "-app-ssl"}, arity = "0..1", fallbackValue = "true",
      description = "Deprecated: --app-protocol https (or grpcs for grpc).")
  boolean appSsl;

  @Option(names = {"--dapr-internal-grpc-port", "-dapr-internal-grpc-port"},
      description = "The port of the internal gRPC server (sidecar to sidecar); a free port by default.")
  String internalGrpcPort;

  @Option(names = {"--dapr-internal-grpc-listen-address", "-dapr-internal-grpc-listen-address"},
      description = "The address the internal gRPC server listens on.")
  String internalGrpcListenAddress;

  @Option(names = {"--read-buffer-size", "-read-buffer-size"},
      description = "daprd's read buffer size, e.g. 4Ki. Accepted, not used by jdaprd.")
  String readBufferSize;

  @Option(names = {"--dapr-http-read-buffer-size", "-dapr-http-read-buffer-size"},
      description = "Deprecated: the read buffer size in KB. Accepted, not used by jdaprd.")
  Integer readBufferSizeKb;

  @Option(names = {"--placement-host-address", "-placement-host-address"},
      description = "The actor placement service's addresses (host:port, comma-separated). Without it, "
          + "actors are placed on this sidecar.")
  String placementHostAddress;

  @Option(names = {"--scheduler-host-address", "-scheduler-host-address"},
      description = "The scheduler service. Accepted, not used by jdaprd.")
  String schedulerHostAddress;

  @Option(names = {"--enable-profiling", "-enable-profiling"}, arity = "0..1", fallbackValue = "true",
      description = "Go's profiling server. Accepted, not used by jdaprd.")
  Boolean enableProfiling;

  @Option(names = {"--profile-port", "-profile-port"},
      description = "The profiling server's port. Accepted, not used by jdaprd.")
  Integer profilePort;

  @Option(names = {"--control-plane-address", "-control-plane-address"},
      description = "The Dapr control plane. Accepted, not used by jdaprd.")
  String controlPlaneAddress;

  @Option(names = {"--sentry-address", "-sentry-address"},
      description = "The Sentry CA. Accepted, not used by jdaprd.")
  String sentryAddress;

  @Option(names = {"--enable-mtls", "-enable-mtls"}, arity = "0..1", fallbackValue = "true",
      description = "mTLS between sidecars, with the PEM certificates of the environment variables "
          + "DAPR_TRUST_ANCHORS, DAPR_CERT_CHAIN and DAPR_CERT_KEY (jdaprd does not ask Sentry for one).")
  Boolean enableMtls;

  @Option(names = {"--dapr-public-port", "-dapr-public-port"},
      description = "A port serving only healthz and metadata. Accepted, not used by jdaprd.")
  String publicPort;

  @Option(names = {"--dapr-public-listen-address", "-dapr-public-listen-address"},
      description = "The public port's address. Accepted, not used by jdaprd.")
  String publicListenAddress;

  @Option(names = {"--unix-domain-socket", "-unix-domain-socket"},
      description = "Serve the APIs on Unix domain sockets in this directory. Accepted, not used by jdaprd.")
  String unixDomainSocket;

  @Option(names = {"--enable-api-logging", "-enable-api-logging"}, arity = "0..1", fallbackValue = "true",
      description = "Log every API call. Accepted, not used by jdaprd.")
  Boolean enableApiLogging;

  @Option(names = {"--allowed-origins", "-allowed-origins"},
      description = "CORS origins of the HTTP API. Accepted, not used by jdaprd.")
  String allowedOrigins;

  @Option(names = {"--dapr-block-shutdown-duration", "-dapr-block-shutdown-duration"},
      description = "A Go duration to hold a shutdown for. Accepted, not used by jdaprd.")
  String blockShutdownDuration;

  @Option(names = {"--build-info", "-build-info"}, description = "Print the build info and exit.")
  boolean buildInfo;

  /**
   * The version picocli prints: one line the Dapr CLI reads as daprd's version (it runs {@code daprd --version},
   * drops the newlines and compares the rest as a semantic version), {@link RuntimeVersion#cliVersion()}.
   */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {RuntimeVersion.cliVersion()};
    }
  }
}
