package io.jdaprd.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunCommandTest {
  private static final Path CWD = Path.of("/work/app");

  @Test
  void takesTheAppsSettingsAndPassesTheOtherFlagsToTheSidecar() throws Exception {
    List<AppSpec> specs = RunCommand.parse(List.of("--app-id", "orders", "-p", "8080", "--dapr-http-port=3501",
        "--log-level", "debug", "-d", "./components", "--app-protocol", "grpc", "--", "java", "-jar", "orders.jar",
        "--port", "8080"), CWD);
    assertThat(specs).hasSize(1);
    AppSpec app = specs.get(0);
    assertThat(app.appId()).isEqualTo("orders");
    assertThat(app.appPort()).isEqualTo(8080);
    assertThat(app.httpPort()).isEqualTo(3501);
    assertThat(app.grpcPort()).isZero();
    assertThat(app.metricsPort()).isZero();
    assertThat(app.appProtocol()).isEqualTo("grpc");
    assertThat(app.appDir()).isEqualTo(CWD);
    assertThat(app.command()).containsExactly("java", "-jar", "orders.jar", "--port", "8080");
    assertThat(app.sidecarArgs()).containsExactly("--log-level", "debug", "--resources-path", "./components");
  }

  @Test
  void withoutAnAppIdMakesOneUpAndWithoutACommandRunsTheSidecarAlone() throws Exception {
    AppSpec app = RunCommand.parse(List.of(), CWD).get(0);
    assertThat(app.appId()).matches("app-[0-9a-f]{8}");
    assertThat(app.command()).isEmpty();
  }

  @Test
  void refusesBadValuesAndARunFileWithOtherFlags() throws Exception {
    assertThatThrownBy(() -> RunCommand.parse(List.of("--app-port", "x"), CWD))
        .hasMessage("invalid argument \"x\" for \"--app-port\"");
    assertThatThrownBy(() -> RunCommand.parse(List.of("--app-id"), CWD))
        .hasMessage("flag needs an argument: --app-id");
    assertThatThrownBy(() -> RunCommand.parse(List.of("-f", "dapr.yaml", "--app-id", "a"), CWD))
        .hasMessageContaining("--run-file takes no other flag");
    assertThat(RunCommand.parse(List.of("--help"), CWD)).isEmpty();
  }

  @Test
  void setsAppProtocolAsTheCliDoes() {
    assertThat(AppProcesses.appProtocolVariable("HTTP", false)).isEqualTo("http");
    assertThat(AppProcesses.appProtocolVariable("http", true)).isEqualTo("https");
    assertThat(AppProcesses.appProtocolVariable("grpc", true)).isEqualTo("grpcs");
    assertThat(AppProcesses.appProtocolVariable("h2c", false)).isEqualTo("h2c");
    assertThat(AppProcesses.appProtocolVariable("carrier-pigeon", false)).isEmpty();
    assertThat(AppProcesses.flagValue(List.of("--x", "1", "--app-channel-address=10.0.0.1"),
        "--app-channel-address")).isEqualTo("10.0.0.1");
  }
}
