package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * skipped, loudly; under CI ({@code CI} set, not false or 0) it fails instead (as {@link JsSdkTest}).
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
      NodeJs.Script script = runScript(sidecar, appPort, protocol);

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

  private static NodeJs.Script runScript(SidecarProcess sidecar, int appPort, String protocol) throws Exception {
    return NodeJs.run("pubsub-test.mjs", Map.of("DAPR_HOST", "127.0.0.1", "DAPR_HTTP_PORT",
        String.valueOf(sidecar.httpPort()), "DAPR_GRPC_PORT", String.valueOf(sidecar.grpcPort()), "APP_PORT",
        String.valueOf(appPort), "APP_PROTOCOL", protocol), "js-pubsub-test-" + protocol + ".out");
  }

  /** A port nothing listens on now: the app's, which the script's DaprServer binds after the sidecar starts. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
