package io.jdaprd.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.server.run.AppSpec.LogDestination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTemplateTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void appliesTheCliDefaults() throws Exception {
    Files.createDirectories(dir.resolve("orders"));
    write("dapr.yaml", """
        version: 1
        apps:
          - appDirPath: ./orders
            command: ["java", "-jar", "orders.jar"]
        """);
    List<AppSpec> apps = RunTemplate.read(dir);
    assertThat(apps).hasSize(1);
    AppSpec app = apps.get(0);
    assertThat(app.appId()).isEqualTo("orders");
    assertThat(app.appDir()).isEqualTo(dir.resolve("orders").toAbsolutePath().normalize());
    assertThat(app.command()).containsExactly("java", "-jar", "orders.jar");
    assertThat(app.appPort()).isZero();
    assertThat(app.httpPort()).isZero();
    assertThat(app.grpcPort()).isZero();
    assertThat(app.appProtocol()).isEqualTo("http");
    assertThat(app.resourcesPaths()).isEmpty();
    assertThat(app.configFile()).isNull();
    assertThat(app.appLog()).isEqualTo(LogDestination.FILE_AND_CONSOLE);
    assertThat(app.sidecarLog()).isEqualTo(LogDestination.FILE);
    assertThat(app.sidecarArgs()).isEmpty();
  }

  @Test
  void resolvesCommonPathsFromTheTemplateAndAppPathsFromTheAppDirectory() throws Exception {
    Files.createDirectories(dir.resolve("shared/resources"));
    Files.createDirectories(dir.resolve("a/components"));
    Files.createDirectories(dir.resolve("b"));
    Files.createDirectories(dir.resolve("c/.dapr/resources"));
    write("shared/config.yaml", "kind: Configuration\n");
    write("a/config.yaml", "kind: Configuration\n");
    write("c/.dapr/config.yaml", "kind: Configuration\n");
    Path template = write("templates/run.yaml", """
        version: 1
        common:
          resourcesPath: ../shared/resources
          configFilePath: ../shared/config.yaml
        apps:
          - appID: a
            appDirPath: ../a
            resourcesPaths: [components]
            configFilePath: config.yaml
          - appID: b
            appDirPath: ../b/
          - appID: c
            appDirPath: ../c
        """);
    List<AppSpec> apps = RunTemplate.read(template);
    Path root = dir.toAbsolutePath().normalize();
    assertThat(apps.get(0).resourcesPaths()).containsExactly(root.resolve("a/components"));
    assertThat(apps.get(0).configFile()).isEqualTo(root.resolve("a/config.yaml"));
    assertThat(apps.get(1).resourcesPaths()).containsExactly(root.resolve("shared/resources"));
    assertThat(apps.get(1).configFile()).isEqualTo(root.resolve("shared/config.yaml"));
    assertThat(apps.get(2).resourcesPaths()).containsExactly(root.resolve("c/.dapr/resources"));
    assertThat(apps.get(2).configFile()).isEqualTo(root.resolve("c/.dapr/config.yaml"));
  }

  @Test
  void mergesTheCommonEnvAndSettingsIntoEachAppWithTheAppsWinning() throws Exception {
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    write("dapr.yaml", """
        version: 1
        common:
          logLevel: debug
          appProtocol: grpc
          enableApiLogging: true
          appLogDestination: console
          env:
            SHARED: common
            OVERRIDDEN: common
        apps:
          - appDirPath: a
            appPort: 8080
            daprHTTPPort: 3500
            daprGRPCPort: "50001"
            metricsPort: 9091
            logLevel: warn
            appProtocol: http
            daprdLogDestination: fileAndConsole
            env:
              OVERRIDDEN: app
              OWN: 1
          - appDirPath: b
        """);
    List<AppSpec> apps = RunTemplate.read(dir.resolve("dapr.yaml"));
    AppSpec a = apps.get(0);
    assertThat(a.env()).containsExactlyInAnyOrderEntriesOf(
        java.util.Map.of("SHARED", "common", "OVERRIDDEN", "app", "OWN", "1"));
    assertThat(a.appPort()).isEqualTo(8080);
    assertThat(a.httpPort()).isEqualTo(3500);
    assertThat(a.grpcPort()).isEqualTo(50001);
    assertThat(a.metricsPort()).isEqualTo(9091);
    assertThat(a.appProtocol()).isEqualTo("http");
    assertThat(a.sidecarArgs()).containsExactly("--log-level", "warn", "--enable-api-logging");
    assertThat(a.appLog()).isEqualTo(LogDestination.CONSOLE);
    assertThat(a.sidecarLog()).isEqualTo(LogDestination.FILE_AND_CONSOLE);
    AppSpec b = apps.get(1);
    assertThat(b.env()).containsExactlyInAnyOrderEntriesOf(
        java.util.Map.of("SHARED", "common", "OVERRIDDEN", "common"));
    assertThat(b.appProtocol()).isEqualTo("grpc");
    assertThat(b.sidecarArgs()).containsExactly("--log-level", "debug", "--enable-api-logging");
  }

  @Test
  void refusesTemplatesThatBreakTheRules() throws Exception {
    Files.createDirectories(dir.resolve("a"));
    write("noversion.yaml", "apps:\n  - appDirPath: a\n");
    assertThatThrownBy(() -> RunTemplate.read(dir.resolve("noversion.yaml")))
        .hasMessage("required field 'version' not found in the provided run template file");
    write("nodir.yaml", "version: 1\napps:\n  - appID: x\n");
    assertThatThrownBy(() -> RunTemplate.read(dir.resolve("nodir.yaml")))
        .hasMessage("required field 'appDirPath' not found in the provided app config file");
    write("missing.yaml", "version: 1\napps:\n  - appDirPath: a\n    configFilePath: nope.yaml\n");
    assertThatThrownBy(() -> RunTemplate.read(dir.resolve("missing.yaml")))
        .hasMessageContaining("nope.yaml").hasMessageContaining("no such file");
    write("dest.yaml", "version: 1\napps:\n  - appDirPath: a\n    appLogDestination: screen\n");
    assertThatThrownBy(() -> RunTemplate.read(dir.resolve("dest.yaml")))
        .hasMessageContaining("screen");
    assertThatThrownBy(() -> RunTemplate.read(dir.resolve("absent.yaml")))
        .isInstanceOf(RunTemplate.BadTemplateException.class).hasMessageContaining("absent.yaml");
  }
}
