package io.jdaprd.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * daprd's flags (its {@code cmd/daprd/options} and the logger and metrics flags of its kit: 58
 * flags), with daprd's names, defaults and repetition. Both {@code --flag} and Go's {@code -flag} are
 * accepted, and {@code --flag=value} as well as {@code --flag value}; a list flag ({@code --resources-path},
 * {@code --config}, ...) may be repeated and each value is also split at commas, as pflag's string slices are; a
 * boolean flag alone means true and takes Go's spellings after {@code =} ({@code 1}, {@code t}, {@code TRUE},
 * {@code false}, {@code 0}, ...). What each flag does here, or why it is accepted without effect, is
 * {@link Settings}' and {@link UnusedFlags}' business.
 */
@Command(name = "jdaprd", versionProvider = Flags.Version.class,
    description = "A Dapr-compatible sidecar runtime. `jdaprd errors --format markdown --lang en|zh` prints the "
        + "error reference.")
public final class Flags {
  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help", "-help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = {"-V", "--version", "-version"}, versionHelp = true,
      description = "Print version information and exit.")
  boolean version;

  // --- the app and the API servers -----------------------------------------------------------------------------

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

  @Option(names = {"--dapr-public-port", "-dapr-public-port"},
      description = "A port serving only the health and metadata routes, without the API token; none by default.")
  String publicPort;

  @Option(names = {"--dapr-public-listen-address", "-dapr-public-listen-address"},
      description = "The public port's address; all interfaces by default.")
  String publicListenAddress;

  @Option(names = {"--unix-domain-socket", "-unix-domain-socket"},
      description = "A directory: the APIs are served on its sockets dapr-<app-id>-http.socket and "
          + "dapr-<app-id>-grpc.socket instead of TCP ports.")
  String unixDomainSocket;

  @Option(names = {"--allowed-origins", "-allowed-origins"}, defaultValue = "",
      description = "CORS on the HTTP API: * or a comma-separated list of origins; off when empty.")
  String allowedOrigins;

  @Option(names = {"--dapr-internal-grpc-port", "-dapr-internal-grpc-port"}, defaultValue = "",
      description = "The port of the internal gRPC server (sidecar to sidecar); a free port by default.")
  String internalGrpcPort;

  @Option(names = {"--dapr-internal-grpc-listen-address", "-dapr-internal-grpc-listen-address"}, defaultValue = "",
      description = "The address the internal gRPC server listens on.")
  String internalGrpcListenAddress;

  @Option(names = {"--resources-path", "-resources-path", "--components-path", "-components-path"}, split = ",",
      description = "A directory of resource YAML files; repeatable (--components-path: deprecated alias).")
  List<Path> resourcesPaths = new ArrayList<>();

  @Option(names = {"--config", "-config"}, split = ",",
      description = "A Configuration YAML file; repeatable, later files override earlier ones field by field.")
  List<Path> config = new ArrayList<>();

  @Option(names = {"--mode", "-mode"}, defaultValue = "standalone",
      description = "standalone (the only mode of this runtime). Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(names = {"--dapr-graceful-shutdown-seconds", "-dapr-graceful-shutdown-seconds"}, defaultValue = "5",
      description = "How long a shutdown waits for requests in flight. Default: ${DEFAULT-VALUE}.")
  int gracefulShutdownSeconds;

  @Option(names = {"--dapr-block-shutdown-duration", "-dapr-block-shutdown-duration"}, defaultValue = "0s",
      description = "On a signal, keep serving for this Go duration (or until the app turns unhealthy) before "
          + "shutting down; subscriptions and input bindings stop at once. Off unless given.")
  String blockShutdownDuration;

  @Option(names = {"--max-body-size", "-max-body-size"}, defaultValue = "4Mi",
      description = "The largest request body, e.g. 4Mi. Default: ${DEFAULT-VALUE}.")
  String maxBodySize;

  @Option(names = {"--dapr-http-max-request-size", "-dapr-http-max-request-size"}, defaultValue = "4",
      description = "Deprecated: the largest request body in MB; --max-body-size wins when both are given.")
  int maxRequestSizeMb;

  @Option(names = {"--read-buffer-size", "-read-buffer-size"}, defaultValue = "4Ki",
      description = "daprd's read buffer size, e.g. 4Ki. Default: ${DEFAULT-VALUE}.")
  String readBufferSize;

  @Option(names = {"--dapr-http-read-buffer-size", "-dapr-http-read-buffer-size"}, defaultValue = "4",
      description = "Deprecated: the read buffer size in KB.")
  int readBufferSizeKb;

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

  // --- app health --------------------------------------------------------------------------------------------

  @Option(names = {"--enable-app-health-check", "-enable-app-health-check"}, arity = "0..1", fallbackValue = "true",
      defaultValue = "false", converter = GoBool.class,
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

  @Option(names = {"--app-ssl", "-app-ssl"}, arity = "0..1", fallbackValue = "true", defaultValue = "false",
      converter = GoBool.class, description = "Deprecated: --app-protocol https (or grpcs for grpc).")
  boolean appSsl;

  @Option(names = {"--app-binding-options-timeout", "-app-binding-options-timeout"}, defaultValue = "3s",
      description = "A Go duration: how long the app may take to answer the input bindings' OPTIONS probe.")
  String appBindingOptionsTimeout;

  // --- logging, metrics, profiling ---------------------------------------------------------------------------

  @Option(names = {"--log-level", "-log-level"}, defaultValue = "info",
      description = "debug, info, warn, error or fatal. Default: ${DEFAULT-VALUE}.")
  String logLevel;

  @Option(names = {"--log-as-json", "-log-as-json"}, arity = "0..1", fallbackValue = "true", defaultValue = "false",
      converter = GoBool.class, description = "Log daprd's JSON lines.")
  boolean logAsJson;

  @Option(names = {"--log-file", "-log-file"}, defaultValue = "",
      description = "Append the log to this file instead of writing it to stdout.")
  String logFile;

  @Option(names = {"--enable-api-logging", "-enable-api-logging"}, arity = "0..1", fallbackValue = "true",
      converter = GoBool.class,
      description = "Log every API call as daprd does (default: the Configuration's spec.logging.apiLogging.enabled).")
  Boolean enableApiLogging;

  @Option(names = {"--enable-metrics", "-enable-metrics"}, defaultValue = "true", arity = "0..1",
      fallbackValue = "true", converter = GoBool.class,
      description = "Serve Prometheus metrics. Default: ${DEFAULT-VALUE}.")
  boolean enableMetrics;

  @Option(names = {"--metrics-port", "-metrics-port"}, defaultValue = "9090",
      description = "The Prometheus metrics port. Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  @Option(names = {"--metrics-listen-address", "-metrics-listen-address"}, defaultValue = "0.0.0.0",
      description = "The metrics server's address. Default: ${DEFAULT-VALUE}.")
  String metricsListenAddress;

  @Option(names = {"--enable-profiling", "-enable-profiling"}, arity = "0..1", fallbackValue = "true",
      defaultValue = "false", converter = GoBool.class,
      description = "Serve the profiling endpoints (Java Flight Recorder) on --profile-port.")
  boolean enableProfiling;

  @Option(names = {"--profile-port", "-profile-port"}, defaultValue = "7777",
      description = "The profiling server's port. Default: ${DEFAULT-VALUE}.")
  int profilePort;

  // --- security and the control plane ------------------------------------------------------------------------

  @Option(names = {"--enable-mtls", "-enable-mtls"}, arity = "0..1", fallbackValue = "true", defaultValue = "false",
      converter = GoBool.class,
      description = "mTLS between sidecars, with the PEM certificates of the environment variables "
          + "DAPR_TRUST_ANCHORS, DAPR_CERT_CHAIN and DAPR_CERT_KEY (jdaprd does not ask Sentry for one).")
  boolean enableMtls;

  @Option(names = {"--control-plane-address", "-control-plane-address"}, defaultValue = "",
      description = "The Dapr control plane (Kubernetes operator). Accepted, not used.")
  String controlPlaneAddress;

  @Option(names = {"--control-plane-trust-domain", "-control-plane-trust-domain"}, defaultValue = "localhost",
      description = "The control plane's trust domain. Accepted, not used.")
  String controlPlaneTrustDomain;

  @Option(names = {"--control-plane-namespace", "-control-plane-namespace"}, defaultValue = "default",
      description = "The control plane's namespace. Accepted, not used.")
  String controlPlaneNamespace;

  @Option(names = {"--sentry-address", "-sentry-address"}, defaultValue = "",
      description = "The Sentry CA. Accepted, not used.")
  String sentryAddress;

  @Option(names = {"--sentry-request-jwt-audiences", "-sentry-request-jwt-audiences"}, split = ",",
      description = "JWT audiences of Sentry certificate requests. Accepted, not used.")
  List<String> sentryRequestJwtAudiences = new ArrayList<>();

  @Option(names = {"--disable-builtin-k8s-secret-store", "-disable-builtin-k8s-secret-store"}, arity = "0..1",
      fallbackValue = "true", defaultValue = "false", converter = GoBool.class,
      description = "Kubernetes' built-in secret store. Accepted, not used.")
  boolean disableBuiltinK8sSecretStore;

  // --- actors, scheduler, hot reload -------------------------------------------------------------------------

  @Option(names = {"--placement-host-address", "-placement-host-address"}, defaultValue = "",
      description = "The actor placement service's addresses (host:port, comma-separated). Without it, actors are "
          + "placed on this sidecar.")
  String placementHostAddress;

  @Option(names = {"--scheduler-host-address", "-scheduler-host-address"}, split = ",",
      description = "The scheduler service. Accepted, not used.")
  List<String> schedulerHostAddress = new ArrayList<>();

  @Option(names = {"--scheduler-job-streams", "-scheduler-job-streams"}, defaultValue = "3",
      description = "Job streams to the scheduler. Accepted, not used.")
  int schedulerJobStreams;

  @Option(names = {"--actors-disseminate-timeout", "-actors-disseminate-timeout"}, defaultValue = "30s",
      description = "A Go duration: the placement dissemination timeout. Accepted, not used.")
  String actorsDisseminateTimeout;

  @Option(names = {"--hot-reload-reconcile-interval", "-hot-reload-reconcile-interval"}, defaultValue = "0s",
      description = "A Go duration: hot reload's backup reconcile period (0: 60 s).")
  String hotReloadReconcileInterval;

  @Option(names = {"--reminders-service", "-reminders-service"}, defaultValue = "", hidden = true,
      description = "Deprecated, no effect.")
  String remindersService;

  @Option(names = {"--actors-service", "-actors-service"}, defaultValue = "", hidden = true,
      description = "Deprecated, no effect.")
  String actorsService;

  // --- commands --------------------------------------------------------------------------------------------

  @Option(names = {"--build-info", "-build-info"}, arity = "0..1", fallbackValue = "true", defaultValue = "false",
      converter = GoBool.class, description = "Print the build info and exit.")
  boolean buildInfo;

  @Option(names = {"--wait", "-wait"}, arity = "0..1", fallbackValue = "true", defaultValue = "false",
      converter = GoBool.class,
      description = "Wait (60 s at most) for the sidecar on --dapr-http-port of this host to be outbound ready, "
          + "then exit.")
  boolean waitCommand;

  /**
   * The parser of {@code flags}: a flag given twice takes its last value, as with pflag (a list flag collects every
   * value).
   */
  static picocli.CommandLine parser(Flags flags) {
    return new picocli.CommandLine(flags).setOverwrittenOptionsAllowed(true);
  }

  /** Whether {@code name} (any of the option's names) was given on the command line, as pflag's {@code Changed}. */
  boolean given(String name) {
    picocli.CommandLine cli = spec == null ? null : spec.commandLine();
    return cli != null && cli.getParseResult() != null && cli.getParseResult().hasMatchedOption(name);
  }

  /**
   * Go's {@code strconv.ParseBool}, as pflag reads a boolean flag's value: {@code 1}, {@code t}, {@code T},
   * {@code TRUE}, {@code true}, {@code True} and their false twins; anything else is refused.
   */
  static final class GoBool implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
      return switch (value) {
        case "1", "t", "T", "TRUE", "true", "True" -> true;
        case "0", "f", "F", "FALSE", "false", "False" -> false;
        default -> throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a boolean "
            + "(expected: true, false, 1, 0, t, f)");
      };
    }
  }

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
