package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official JS SDK ({@code @dapr/dapr} 3.18.0) as a subscribing app: {@code it/js/pubsub-test.mjs} runs a
 * {@code DaprServer} on the sidecar's {@code --app-port}, subscribes, publishes with a {@code DaprClient} and with the
 * server's own client, and checks what its handlers receive, a handler answering RETRY once, a DROP that goes to the
 * dead-letter topic, and the error of an unknown pub/sub; once with {@code --app-protocol http} and once with
 * {@code grpc} (the sidecar calls the app's {@code AppCallback}). The sidecar starts first, ready on
 * {@code /v1.0/healthz/outbound} (it waits for the app's port and holds {@code /v1.0/healthz} at 500 until it has read
 * the app's subscriptions); the script waits until the sidecar's metadata lists them. Without Node the test is
 * skipped, loudly; with {@code CI=true} it fails instead (as {@link JsSdkTest}).
 */
class JsSdkPubSubTest {
  private static final String APP_ID = "it-js-sdk-pubsub";
  private static final List<String> CHECKS = List.of("subscriptions", "publish-json", "receive-json",
      "server-client-publish-text", "receive-text", "publish-bulk", "receive-bulk", "retry-then-success",
      "drop-to-dead-letter", "publish-unknown-pubsub", "server-client-publish-unknown-pubsub");
  private static String skipped;

  @BeforeAll
  static void prepare() throws Exception {
    skipped = NodeJs.problem("JsSdkPubSubTest");
    if (skipped != null) {
      return;
    }
    NodeJs.installIfNeeded();
  }

  @Test
  void aDaprServerAppSubscribesAndReceivesOverHttp() throws Exception {
    runAgainstASidecar("http");
  }

  @Test
  void aDaprServerAppSubscribesAndReceivesOverGrpc() throws Exception {
    runAgainstASidecar("grpc");
  }

  private static void runAgainstASidecar(String protocol) throws Exception {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
    int appPort = freePort();
    SidecarProcess sidecar = SidecarProcess.withAppId(APP_ID)
        .resources(Locations.testResource("components/pubsub-sdk"))
        .args("--app-port", String.valueOf(appPort), "--app-protocol", protocol)
        .readiness("/v1.0/healthz/outbound").start();
    try {
      Script script = runScript(sidecar, appPort, protocol);

      assertThat(script.exitCode()).as("exit code of node pubsub-test.mjs; output:%n%s", script.output()).isZero();
      List<String> expected = new ArrayList<>();
      CHECKS.forEach(c -> expected.add(protocol + " " + c + " ok"));
      expected.add("summary failures=0");
      assertThat(script.lines()).as(script.output()).extracting(l -> l.has("summary")
          ? "summary failures=" + l.get("failures").asInt()
          : l.path("protocol").asText() + " " + l.get("check").asText()
              + (l.get("ok").asBoolean() ? " ok" : " FAILED"))
          .containsExactlyElementsOf(expected);
      assertThat(sidecar.logText()).as("the app's subscriptions were read, not skipped")
          .doesNotContain("the app's subscriptions could not be read");
    } finally {
      sidecar.close();
    }
  }

  private record Script(int exitCode, List<JsonNode> lines, String output) {
  }

  private static Script runScript(SidecarProcess sidecar, int appPort, String protocol) throws Exception {
    Path out = Locations.targetDir().resolve("js-pubsub-test-" + protocol + ".out");
    ProcessBuilder pb = new ProcessBuilder("node", "pubsub-test.mjs").directory(NodeJs.JS.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().putAll(Map.of("DAPR_HOST", "127.0.0.1", "DAPR_HTTP_PORT", String.valueOf(sidecar.httpPort()),
        "DAPR_GRPC_PORT", String.valueOf(sidecar.grpcPort()), "APP_PORT", String.valueOf(appPort),
        "APP_PROTOCOL", protocol));
    pb.environment().remove("DAPR_API_TOKEN");
    Process p = pb.start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("node pubsub-test.mjs still running after 90 s; output so far:\n" + read(out));
    }
    String output = read(out);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.lines().toList()) {
      if (line.startsWith("{")) {
        lines.add(json.readTree(line));
      }
    }
    return new Script(p.exitValue(), lines, output);
  }

  /** A port nothing listens on now: the app's, which the script's DaprServer binds after the sidecar starts. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
