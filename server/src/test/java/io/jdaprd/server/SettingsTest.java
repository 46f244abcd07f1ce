package io.jdaprd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.apphealth.AppHealthConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The flags as {@code Main} reads them: parsed by picocli into {@link Flags}, checked by {@link Settings#from}. A bad
 * value is a one-line {@link Settings.BadFlagException} naming the flag and the value.
 */
class SettingsTest {

  private static Settings settings(String... args) throws Settings.BadFlagException {
    Flags flags = new Flags();
    Flags.parser(flags).parseArgs(args);
    return Settings.from(flags, Map.of());
  }

  private static Settings withAppId(String... args) throws Settings.BadFlagException {
    List<String> all = new ArrayList<>(List.of("--app-id", "myapp"));
    all.addAll(List.of(args));
    return settings(all.toArray(String[]::new));
  }

  private static void badFlag(String message, String... args) {
    assertThatThrownBy(() -> withAppId(args)).isInstanceOf(Settings.BadFlagException.class)
        .hasMessage(message).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void appHealthChecksAreOffByDefault() throws Exception {
    Settings s = withAppId("--app-port", "3000");
    assertThat(s.appHealth()).isNull();
  }

  @Test
  void appHealthChecksWithDaprdsDefaults() throws Exception {
    assertThat(withAppId("--enable-app-health-check").appHealth()).isEqualTo(AppHealthConfig.defaults());
    assertThat(withAppId("--enable-app-health-check=true").appHealth()).isEqualTo(AppHealthConfig.defaults());
    assertThat(withAppId("--enable-app-health-check=false").appHealth()).isNull();
  }

  @Test
  void appHealthChecksWithEveryFlag() throws Exception {
    Settings s = withAppId("--enable-app-health-check", "--app-health-check-path", "ready",
        "--app-health-probe-interval", "2", "--app-health-probe-timeout", "2000", "-app-health-threshold", "1");
    assertThat(s.appHealth()).isEqualTo(new AppHealthConfig("/ready", Duration.ofSeconds(2), Duration.ofSeconds(2),
        1));
  }

  @Test
  void badAppHealthValuesAreOneLine() {
    badFlag("--app-health-probe-interval: 0 (expected: seconds, 1 or more)", "--app-health-probe-interval", "0");
    badFlag("--app-health-probe-timeout: -5 (expected: milliseconds, 1 or more)",
        "--app-health-probe-timeout", "-5");
    badFlag("--app-health-threshold: 0 (expected: failed probes, 1 or more)", "--app-health-threshold", "0");
    badFlag("--app-health-probe-timeout: 5001 (expected: at most the probe interval, 5000 ms)",
        "--enable-app-health-check", "--app-health-probe-timeout", "5001");
    badFlag("--app-health-probe-timeout: 1500 (expected: at most the probe interval, 1000 ms)",
        "--app-health-probe-interval", "1", "--app-health-probe-timeout", "1500");
    assertThatThrownBy(() -> withAppId("--app-health-probe-interval", "5s"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageStartingWith("Invalid value for option '--app-health-probe-interval': '5s' is not an int");
  }

  @Test
  void whatDaprRunPassesIsAccepted() throws Exception {
    // The arguments dapr/cli's `dapr run` builds (pkg/standalone/run.go getArgs) for an app without a port.
    Settings s = settings("--app-id", "myapp", "--app-port", "0", "--dapr-http-port", "3500",
        "--dapr-grpc-port", "50001", "--profile-port", "-1", "--metrics-port", "9090", "--dapr-internal-grpc-port",
        "40123", "--app-protocol", "http", "--log-level", "info", "--app-max-concurrency", "-1",
        "--placement-host-address", "localhost:50005", "--max-body-size", "4Mi", "--read-buffer-size", "4Ki",
        "--scheduler-host-address", "localhost:50006", "--enable-app-health-check",
        "--app-health-probe-interval", "3", "--enable-api-logging");
    assertThat(s.appPort()).as("--app-port 0 means no app").isNull();
    assertThat(s.internalGrpcPort()).isEqualTo(40123);
    assertThat(s.appHealth().interval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.placementAddresses()).containsExactly("localhost:50005");
    assertThat(s.warnings()).containsExactly(
        "--scheduler-host-address: accepted, not used: " + UnusedFlags.REASONS.get("--scheduler-host-address"));
    assertThat(s.serving().apiLogging().enabled()).isTrue();
    assertThat(s.serving().profilePort()).as("--profile-port -1 without --enable-profiling").isNull();
  }

  @Test
  void hotReloadsBackupPassIsTheFlagOrDaprdsMinute() throws Exception {
    assertThat(withAppId().hotReloadInterval()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(withAppId("--hot-reload-reconcile-interval", "0s").hotReloadInterval())
        .isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(withAppId("--hot-reload-reconcile-interval", "1m30s").hotReloadInterval())
        .isEqualTo(java.time.Duration.ofSeconds(90));
  }

  @Test
  void everyUnusedFlagIsNamedOnceWithItsReason() throws Exception {
    List<String> args = new ArrayList<>();
    UnusedFlags.REASONS.keySet().forEach(flag -> args.addAll(List.of(flag, value(flag))));
    Settings s = withAppId(args.toArray(String[]::new));
    assertThat(s.warnings()).hasSize(UnusedFlags.REASONS.size());
    UnusedFlags.REASONS.forEach((flag, reason) -> assertThat(s.warnings())
        .containsOnlyOnce(flag + ": accepted, not used: " + reason));
    assertThat(withAppId().warnings()).isEmpty();
    assertThat(withAppId("--enable-profiling", "--dapr-public-port", "3501", "--unix-domain-socket", "/tmp",
        "--allowed-origins", "*", "--dapr-block-shutdown-duration", "10s", "--enable-api-logging", "--log-file",
        "x.log", "--metrics-listen-address", "127.0.0.1").warnings()).as("flags that work here").isEmpty();
  }

  private static String value(String flag) {
    return switch (flag) {
      case "--scheduler-job-streams" -> "8";
      case "--disable-builtin-k8s-secret-store" -> "true";
      case "--actors-disseminate-timeout", "--hot-reload-reconcile-interval", "--app-binding-options-timeout" -> "5s";
      default -> "x";
    };
  }

  @Test
  void readBufferSizeIsReadAsDaprdReadsIt() throws Exception {
    assertThat(withAppId("--read-buffer-size", "16Ki").serving().readBufferSize()).isEqualTo(16 << 10);
    assertThat(withAppId("--read-buffer-size", "400").serving().readBufferSize()).as("unitless").isEqualTo(400);
    assertThat(withAppId("--dapr-http-read-buffer-size", "2").serving().readBufferSize()).as("KiB")
        .isEqualTo(2 << 10);
    assertThat(withAppId("--dapr-http-read-buffer-size", "2", "--read-buffer-size", "8Ki").serving()
        .readBufferSize()).as("the new flag wins").isEqualTo(8 << 10);
  }

  @Test
  void servingSettingsFromTheFlags() throws Exception {
    Settings s = withAppId("--dapr-public-port", "3501", "--dapr-public-listen-address", "127.0.0.1",
        "--unix-domain-socket", "/tmp/socks", "--allowed-origins", "https://*.example.com",
        "--dapr-block-shutdown-duration", "1m30s", "--enable-profiling", "--profile-port", "7070", "--log-file",
        "d.log", "--metrics-listen-address", "127.0.0.1");
    Serving v = s.serving();
    assertThat(v.publicPort()).isEqualTo(3501);
    assertThat(v.publicListenAddress()).isEqualTo("127.0.0.1");
    assertThat(v.unixDomainSocket()).isEqualTo(java.nio.file.Path.of("/tmp/socks"));
    assertThat(v.allowedOrigins()).isEqualTo("https://*.example.com");
    assertThat(v.blockShutdown()).isEqualTo(Duration.ofSeconds(90));
    assertThat(v.profilePort()).isEqualTo(7070);
    assertThat(v.logFile()).isEqualTo("d.log");
    assertThat(s.metricsListenAddress()).isEqualTo("127.0.0.1");
    Serving defaults = withAppId().serving();
    assertThat(defaults.readBufferSize()).as("daprd's default").isEqualTo(4096);
    assertThat(defaults).isEqualTo(Serving.DEFAULTS);
    assertThat(withAppId("--dapr-block-shutdown-duration", "0s").serving().blockShutdown())
        .as("given: blocks, if for no time").isEqualTo(Duration.ZERO);
  }

  @Test
  void maxBodySizeWinsOverTheDeprecatedFlag() throws Exception {
    assertThat(withAppId().api().maxBodySize()).isEqualTo(4L << 20);
    assertThat(withAppId("--dapr-http-max-request-size", "8").api().maxBodySize()).isEqualTo(8L << 20);
    assertThat(withAppId("--dapr-http-max-request-size", "8", "--max-body-size", "1Mi").api().maxBodySize())
        .isEqualTo(1L << 20);
    assertThat(withAppId("--max-body-size", "0").api().maxBodySize()).as("no limit").isZero();
  }

  @Test
  void badDurationsAreRefusedAsDaprdRefusesThem() {
    badFlag("--actors-disseminate-timeout: 0s (expected: a positive duration, as daprd requires)",
        "--actors-disseminate-timeout", "0s");
    badFlag("--hot-reload-reconcile-interval: soon (expected: a duration such as 10s or 1m30s)",
        "--hot-reload-reconcile-interval", "soon");
  }

  @Test
  void enableMtlsIsOffUnlessGiven() throws Exception {
    assertThat(withAppId().enableMtls()).isFalse();
    assertThat(withAppId("--enable-mtls").enableMtls()).isTrue();
    assertThat(withAppId("--enable-mtls=true").enableMtls()).isTrue();
    assertThat(withAppId("--enable-mtls=false").enableMtls()).isFalse();
    assertThat(withAppId("--enable-mtls").warnings()).isEmpty();
  }

  @Test
  void badValuesOfAcceptedOnlyFlagsAreStillRefused() {
    badFlag("--profile-port: 70000 (expected: a port from 0 to 65535)", "--enable-profiling", "--profile-port",
        "70000");
    badFlag("--read-buffer-size: lots (expected: a size such as 4Mi or 512Ki)", "--read-buffer-size", "lots");
    badFlag("--dapr-public-port: public (expected: a port number)", "--dapr-public-port", "public");
    badFlag("--dapr-block-shutdown-duration: 10 (expected: a duration such as 10s or 1m30s)",
        "--dapr-block-shutdown-duration", "10");
    badFlag("--max-body-size: big (expected: a size such as 4Mi or 512Ki)", "--max-body-size", "big");
  }

  @Test
  void internalGrpcPortAndAddress() throws Exception {
    assertThat(withAppId().internalGrpcPort()).as("unset: a free port").isNull();
    assertThat(withAppId("--dapr-internal-grpc-port", "0").internalGrpcPort()).isNull();
    assertThat(withAppId("--dapr-internal-grpc-port", "").internalGrpcPort()).isNull();
    assertThat(withAppId("--dapr-internal-grpc-port", "50002").internalGrpcPort()).isEqualTo(50002);
    assertThat(withAppId().internalGrpcListenAddress()).isNull();
    assertThat(withAppId("--dapr-internal-grpc-listen-address", "127.0.0.1").internalGrpcListenAddress())
        .isEqualTo("127.0.0.1");
    badFlag("--dapr-internal-grpc-port: 70000 (expected: a port from 1 to 65535, or 0 for a free port)",
        "--dapr-internal-grpc-port", "70000");
    badFlag("--dapr-internal-grpc-port: x (expected: a port from 1 to 65535, or 0 for a free port)",
        "--dapr-internal-grpc-port", "x");
  }

  @Test
  void appSslMeansTheTlsProtocol() throws Exception {
    Settings http = withAppId("--app-ssl");
    assertThat(http.appProtocol()).isEqualTo("https");
    assertThat(http.warnings()).containsExactly("--app-ssl is deprecated: use --app-protocol https instead");
    assertThat(withAppId("--app-ssl", "--app-protocol", "grpc").appProtocol()).isEqualTo("grpcs");
    assertThat(withAppId("--app-ssl=false", "--app-protocol", "grpc").appProtocol()).isEqualTo("grpc");
    assertThat(withAppId("--app-protocol", "h2c", "--app-ssl").appProtocol()).isEqualTo("h2c");
  }

  @Test
  void versionIsOneSemverLineTheDaprCliCanCompare() {
    String[] lines = new Flags.Version().getVersion();
    assertThat(lines).hasSize(1);
    assertThat(lines[0]).matches("\\d+\\.\\d+\\.\\d+\\+jdaprd(\\.[0-9A-Za-z-]+)+")
        .startsWith(RuntimeVersion.DAPR_VERSION + "+jdaprd.");
    assertThat(RuntimeVersion.buildInfo().lines().toList()).hasSize(3).first().isEqualTo("Version: " + lines[0]);
  }
}
