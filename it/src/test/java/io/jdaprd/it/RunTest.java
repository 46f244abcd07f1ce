package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code jdaprd run}, as a user runs it: the real jar starts its sidecars and a tiny app ({@code run/RunApp.java},
 * run by the JDK's source launcher) that talks to them through the variables {@code run} sets.
 */
class RunTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void runsOneAppWithItsSidecarAndExitsWithTheAppsCode() throws Exception {
    Path dir = Locations.newDirectory("run-single-");
    Path config = SidecarProcess.nameResolutionConfig(dir, null);
    Run run = start(dir, "run", "--app-id", "it-run-state", "--resources-path",
        Locations.testResource("components/inmemory").toString(), "--config", config.toString(),
        "--dapr-internal-grpc-listen-address", "127.0.0.1", "--", javaPath(), app(), "state");
    assertThat(run.process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(run.output()).isTrue();
    String out = run.output();
    assertThat(run.process.exitValue()).as(out).isEqualTo(7);
    assertThat(out).contains("== APP == STATE \"v-it-run-state\"", "== APP == ENV APP_ID=it-run-state",
        "== APP == ENV APP_PROTOCOL=http", "== APP == ENV APP_PORT=null", "dapr initialized. Status: Running");
    Matcher ports = Pattern.compile("HTTP port: (\\d+)\\. gRPC port: (\\d+)").matcher(out);
    assertThat(ports.find()).as(out).isTrue();
    assertThat(out).contains("== APP == ENV DAPR_HTTP_PORT=" + ports.group(1),
        "== APP == ENV DAPR_GRPC_PORT=" + ports.group(2));
    assertThat(out).containsPattern("== APP == ENV DAPR_METRICS_PORT=\\d+");
    assertThat(out).as("the sidecar stopped gracefully once the app exited").contains("shutting down: draining")
        .doesNotContain("no longer readable");
    try (java.net.Socket s = new java.net.Socket()) {
      assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress("127.0.0.1",
          Integer.parseInt(ports.group(1))), 1000)).as("the sidecar still listens").isInstanceOf(IOException.class);
    }
  }

  @Test
  void runsATemplateWhoseAppsInvokeEachOtherAndStopsThemAllOnSigterm() throws Exception {
    Path dir = Locations.newDirectory("run-template-");
    Files.createDirectories(dir.resolve("caller"));
    Files.createDirectories(dir.resolve("callee"));
    Path config = SidecarProcess.nameResolutionConfig(dir, dir.resolve("names.db"));
    int calleePort = freePort();
    Files.writeString(dir.resolve("dapr.yaml"), """
        version: 1
        common:
          resourcesPath: %s
          configFilePath: %s
          appLogDestination: console
          env:
            EXTRA: common
        apps:
          - appID: it-run-callee
            appDirPath: ./callee
            appPort: %d
            command: ["%s", "%s", "serve"]
          - appDirPath: caller
            command: ["%s", "%s", "call", "it-run-callee"]
        """.formatted(Locations.testResource("components/inmemory"), config.getFileName(), calleePort,
        javaPath(), app(), javaPath(), app()));
    Run run = start(dir, "run", "-f", dir.toString());
    run.awaitOutput("== APP - caller == INVOKED hello from it-run-callee");
    run.awaitOutput("app \"caller\" exited with code 0");
    assertThat(run.process.isAlive()).as(run.output()).isTrue();
    assertThat(dir.resolve("callee/.dapr/logs")).isDirectory();
    List<ProcessHandle> children = run.process.descendants().toList();
    run.process.destroy();
    assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).as(run.output()).isTrue();
    assertThat(run.process.exitValue()).as(run.output()).isEqualTo(143);
    assertThat(run.output()).contains("== APP - it-run-callee == SERVING", "signal received");
    for (ProcessHandle child : children) {
      child.onExit().get(10, TimeUnit.SECONDS);
    }
    try (var logs = Files.list(dir.resolve("callee/.dapr/logs"))) {
      Path sidecarLog = logs.filter(p -> p.getFileName().toString().startsWith("it-run-callee_daprd_"))
          .findFirst().orElseThrow();
      assertThat(Files.readString(sidecarLog)).contains("dapr initialized. Status: Running", "shutting down: draining");
    }
  }

  /** A {@code jdaprd run} process; its output (stdout and stderr) goes to a file. */
  private record Run(Process process, Path log) {
    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }

    void awaitOutput(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        if (output().contains(text)) {
          return;
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("no \"" + text + "\" in the output:\n" + output());
    }
  }

  private static Run start(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>(Locations.javaCommand());
    command.addAll(List.of("-jar", Locations.jar().toString()));
    command.addAll(List.of(args));
    Path log = dir.resolve("run.log");
    Path home = Files.createDirectories(dir.resolve("home"));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().remove("DAPR_API_TOKEN");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("XDG_DATA_HOME", home.toString());
    Process process = pb.start();
    return new Run(process, log);
  }

  private static String javaPath() {
    return Locations.javaCommand().get(0);
  }

  private static String app() {
    return Locations.testResource("run/RunApp.java").toString();
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
