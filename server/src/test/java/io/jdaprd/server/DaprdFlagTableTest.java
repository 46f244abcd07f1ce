package io.jdaprd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * daprd 1.18's command line, flag by flag: the 52 flags of its {@code cmd/daprd/options}, the 3 logger flags and the
 * 3 metrics flags of its kit, each with pflag's type and daprd's default. A flag missing from {@link Flags}, or with
 * another type or default, fails here.
 */
class DaprdFlagTableTest {
  private enum Kind { STRING, INT, BOOL, STRING_SLICE, DURATION }

  private record Flag(String name, Kind kind, String daprdDefault) {
  }

  /** daprd 1.18.3's flags in its order of declaration: name, pflag type, default as pflag prints it. */
  private static final List<Flag> DAPRD = List.of(
      new Flag("mode", Kind.STRING, "standalone"),
      new Flag("dapr-http-port", Kind.STRING, "3500"),
      new Flag("dapr-listen-addresses", Kind.STRING, ""),
      new Flag("dapr-public-port", Kind.STRING, ""),
      new Flag("dapr-public-listen-address", Kind.STRING, ""),
      new Flag("dapr-grpc-port", Kind.STRING, "50001"),
      new Flag("dapr-internal-grpc-port", Kind.STRING, ""),
      new Flag("dapr-internal-grpc-listen-address", Kind.STRING, ""),
      new Flag("app-port", Kind.STRING, ""),
      new Flag("profile-port", Kind.STRING, "7777"),
      new Flag("app-protocol", Kind.STRING, "http"),
      new Flag("components-path", Kind.STRING, ""),
      new Flag("resources-path", Kind.STRING_SLICE, ""),
      new Flag("config", Kind.STRING_SLICE, ""),
      new Flag("app-id", Kind.STRING, ""),
      new Flag("control-plane-address", Kind.STRING, ""),
      new Flag("sentry-address", Kind.STRING, ""),
      new Flag("control-plane-trust-domain", Kind.STRING, "localhost"),
      new Flag("control-plane-namespace", Kind.STRING, "default"),
      new Flag("sentry-request-jwt-audiences", Kind.STRING_SLICE, ""),
      new Flag("allowed-origins", Kind.STRING, ""),
      new Flag("enable-profiling", Kind.BOOL, "false"),
      new Flag("version", Kind.BOOL, "false"),
      new Flag("build-info", Kind.BOOL, "false"),
      new Flag("wait", Kind.BOOL, "false"),
      new Flag("app-max-concurrency", Kind.INT, "-1"),
      new Flag("enable-mtls", Kind.BOOL, "false"),
      new Flag("app-ssl", Kind.BOOL, "false"),
      new Flag("dapr-http-max-request-size", Kind.INT, "4"),
      new Flag("max-body-size", Kind.STRING, "4Mi"),
      new Flag("dapr-http-read-buffer-size", Kind.INT, "4"),
      new Flag("read-buffer-size", Kind.STRING, "4Ki"),
      new Flag("unix-domain-socket", Kind.STRING, ""),
      new Flag("dapr-graceful-shutdown-seconds", Kind.INT, "5"),
      new Flag("dapr-block-shutdown-duration", Kind.DURATION, "0s"),
      new Flag("enable-api-logging", Kind.BOOL, "false"),
      new Flag("disable-builtin-k8s-secret-store", Kind.BOOL, "false"),
      new Flag("enable-app-health-check", Kind.BOOL, "false"),
      new Flag("app-health-check-path", Kind.STRING, "/healthz"),
      new Flag("app-health-probe-interval", Kind.INT, "5"),
      new Flag("app-health-probe-timeout", Kind.INT, "500"),
      new Flag("app-health-threshold", Kind.INT, "3"),
      new Flag("app-channel-address", Kind.STRING, "127.0.0.1"),
      new Flag("disable-init-endpoints", Kind.STRING_SLICE, ""),
      new Flag("placement-host-address", Kind.STRING, ""),
      new Flag("scheduler-host-address", Kind.STRING_SLICE, ""),
      new Flag("scheduler-job-streams", Kind.INT, "3"),
      new Flag("actors-disseminate-timeout", Kind.DURATION, "30s"),
      new Flag("hot-reload-reconcile-interval", Kind.DURATION, "0s"),
      new Flag("app-binding-options-timeout", Kind.DURATION, "3s"),
      new Flag("reminders-service", Kind.STRING, ""),
      new Flag("actors-service", Kind.STRING, ""),
      new Flag("log-level", Kind.STRING, "info"),
      new Flag("log-file", Kind.STRING, ""),
      new Flag("log-as-json", Kind.BOOL, "false"),
      new Flag("metrics-port", Kind.STRING, "9090"),
      new Flag("metrics-listen-address", Kind.STRING, "0.0.0.0"),
      new Flag("enable-metrics", Kind.BOOL, "true"));

  private static CommandLine cli() {
    return Flags.parser(new Flags());
  }

  @Test
  void theTableIsDaprdsFiftyEightFlags() {
    assertThat(DAPRD).hasSize(58);
    assertThat(DAPRD.stream().map(Flag::name).distinct()).hasSize(58);
  }

  @Test
  void everyDaprdFlagIsAcceptedWithDaprdsTypeAndDefault() {
    CommandLine.Model.CommandSpec spec = cli().getCommandSpec();
    List<String> problems = new ArrayList<>();
    for (Flag flag : DAPRD) {
      OptionSpec option = spec.findOption("--" + flag.name());
      if (option == null) {
        problems.add("--" + flag.name() + ": missing");
        continue;
      }
      if (!List.of(option.names()).contains("-" + flag.name())) {
        problems.add("--" + flag.name() + ": no Go-style -" + flag.name());
      }
      if (flag.name().equals("version")) {
        continue; // picocli's version help, printing what the Dapr CLI reads
      }
      if (flag.name().equals("components-path")) {
        assertThat(option.names()).as("daprd's deprecated alias").contains("--resources-path");
        continue;
      }
      Class<?> type = option.type();
      boolean typeOk = switch (flag.kind()) {
        case STRING -> type == String.class || type == int.class || type == Integer.class || type == Path.class
            // daprd splits this one at commas after parsing; here the parser does
            || flag.name().equals("dapr-listen-addresses") && List.class.isAssignableFrom(type);
        case INT -> type == int.class || type == Integer.class;
        case BOOL -> (type == boolean.class || type == Boolean.class) && option.arity().min() == 0;
        case STRING_SLICE -> List.class.isAssignableFrom(type) && ",".equals(option.splitRegex());
        case DURATION -> type == String.class;
      };
      if (!typeOk) {
        problems.add("--" + flag.name() + ": type " + type.getSimpleName() + " for pflag's " + flag.kind());
      }
      String jdaprdDefault = option.defaultValue() == null ? "" : option.defaultValue();
      if (flag.kind() == Kind.BOOL && jdaprdDefault.isEmpty()) {
        jdaprdDefault = "false";
      }
      if (!jdaprdDefault.equals(flag.daprdDefault())) {
        problems.add("--" + flag.name() + ": default '" + jdaprdDefault + "', daprd's '" + flag.daprdDefault()
            + "'");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyDaprdFlagParsesWithAValueOfItsType() {
    for (Flag flag : DAPRD) {
      if (flag.name().equals("version")) {
        continue;
      }
      String value = switch (flag.kind()) {
        case BOOL -> "true";
        case INT -> "7";
        case DURATION -> "5s";
        case STRING_SLICE -> "a,b";
        case STRING -> flag.daprdDefault().isEmpty() ? "x" : flag.daprdDefault();
      };
      if (flag.name().endsWith("-port")) {
        value = "1234";
      }
      for (String arg : List.of("--" + flag.name() + "=" + value, "-" + flag.name() + "=" + value)) {
        cli().parseArgs("--app-id", "a", arg);
      }
      cli().parseArgs("--app-id", "a", "-" + flag.name(), value);
    }
  }

  @Test
  void listFlagsRepeatAndSplitAtCommas() {
    Flags f = new Flags();
    Flags.parser(f).parseArgs("--config", "a.yaml", "-config", "b.yaml,c.yaml", "--resources-path=./r1",
        "--resources-path", "./r2,./r3", "--scheduler-host-address", "h1:1,h2:2");
    assertThat(f.config).containsExactly(Path.of("a.yaml"), Path.of("b.yaml"), Path.of("c.yaml"));
    assertThat(f.resourcesPaths).containsExactly(Path.of("./r1"), Path.of("./r2"), Path.of("./r3"));
    assertThat(f.schedulerHostAddress).containsExactly("h1:1", "h2:2");
  }

  @Test
  void booleansTakeGosSpellings() {
    Map<String, Boolean> spellings = Map.ofEntries(Map.entry("1", true), Map.entry("t", true),
        Map.entry("T", true), Map.entry("TRUE", true), Map.entry("True", true), Map.entry("true", true),
        Map.entry("0", false), Map.entry("f", false), Map.entry("F", false), Map.entry("FALSE", false),
        Map.entry("False", false), Map.entry("false", false));
    spellings.forEach((text, value) -> {
      Flags f = new Flags();
      Flags.parser(f).parseArgs("--enable-metrics=" + text, "-enable-api-logging=" + text);
      assertThat(f.enableMetrics).as(text).isEqualTo(value);
      assertThat(f.enableApiLogging).as(text).isEqualTo(value);
    });
    Flags alone = new Flags();
    Flags.parser(alone).parseArgs("--enable-api-logging", "-log-as-json", "--wait");
    assertThat(alone.enableApiLogging).isTrue();
    assertThat(alone.logAsJson).isTrue();
    assertThat(alone.waitCommand).isTrue();
    assertThat(new Flags().enableApiLogging).as("unset: the Configuration decides").isNull();
    assertThatThrownBy(() -> cli().parseArgs("--enable-metrics=yes"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("'yes' is not a boolean");
  }

  @Test
  void aFlagGivenTwiceTakesItsLastValueAsWithPflag() {
    Flags f = new Flags();
    Flags.parser(f).parseArgs("--app-port", "3000", "-app-port", "4000", "--log-level=debug", "--log-level", "warn");
    assertThat(f.appPort).isEqualTo(4000);
    assertThat(f.logLevel).isEqualTo("warn");
  }

  @Test
  void givenTellsAFlagOnTheCommandLineFromItsDefault() {
    Flags f = new Flags();
    Flags.parser(f).parseArgs("-max-body-size", "4Mi");
    assertThat(f.given("--max-body-size")).isTrue();
    assertThat(f.given("--dapr-http-max-request-size")).isFalse();
  }
}
