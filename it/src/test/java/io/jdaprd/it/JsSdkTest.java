package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official JS SDK ({@code @dapr/dapr} 3.18.0, pinned in {@code it/js/package-lock.json}) run by Node against a
 * sidecar with a {@code state.in-memory} store: {@code it/js/state-test.mjs} checks every call's result or error
 * shape over HTTP and then gRPC, printing one JSON line per check. Without Node the test is skipped, loudly; under CI
 * ({@code CI} set, not false or 0) it fails instead.
 */
class JsSdkTest {
  private static final String APP_ID = "it-js-sdk";
  private static final List<String> CHECKS = List.of("save", "get", "delete", "get-deleted", "getBulk",
      "transaction", "etag-conflict", "illegal-key", "unknown-store");
  private static SidecarProcess sidecar;
  private static String skipped;

  @BeforeAll
  static void start() throws Exception {
    skipped = NodeJs.problem("JsSdkTest");
    if (skipped != null) {
      return;
    }
    NodeJs.installIfNeeded();
    sidecar = SidecarProcess.withAppId(APP_ID).resources(Locations.testResource("components/inmemory")).start();
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
  }

  private static NodeJs.Script runScript() throws Exception {
    return NodeJs.run("state-test.mjs", Map.of("DAPR_HOST", "127.0.0.1", "DAPR_HTTP_PORT",
        String.valueOf(sidecar.httpPort()), "DAPR_GRPC_PORT", String.valueOf(sidecar.grpcPort()), "APP_ID", APP_ID),
        "js-state-test.out");
  }

  @Test
  void stateCallsAndErrorShapesOverHttpAndGrpc() throws Exception {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
    NodeJs.Script script = runScript();

    assertThat(script.exitCode()).as("exit code of node state-test.mjs; output:%n%s", script.output()).isZero();
    List<String> expected = new ArrayList<>();
    for (String protocol : List.of("http", "grpc")) {
      CHECKS.forEach(c -> expected.add(protocol + " " + c + " ok"));
    }
    expected.add("summary failures=0");
    assertThat(script.lines()).as(script.output()).extracting(l -> l.has("summary")
        ? "summary failures=" + l.get("failures").asInt()
        : l.path("protocol").asText() + " " + l.get("check").asText() + (l.get("ok").asBoolean() ? " ok" : " FAILED"))
        .containsExactlyElementsOf(expected);

    JsonNode httpKey = observed(script, "http", "illegal-key");
    assertThat(httpKey.get("resolvedWithError").asBoolean()).as("HTTP state.save resolves to {error}").isTrue();
    assertThat(httpKey.get("status").asInt()).isEqualTo(400);
    assertThat(httpKey.get("error_msg").asText()).isEqualTo(Golden.body("state-illegal-key.json"));
    assertThat(observed(script, "http", "unknown-store").get("error_msg").asText())
        .isEqualTo(Golden.body("state-store-not-found.json", "appId", APP_ID));
    JsonNode grpcKey = observed(script, "grpc", "illegal-key");
    assertThat(grpcKey.get("code").asInt()).isEqualTo(3);
    assertThat(grpcKey.get("details").toString())
        .isEqualTo("[\"google.rpc.BadRequest\",\"google.rpc.ResourceInfo\",\"google.rpc.ErrorInfo\"]");
    assertThat(observed(script, "grpc", "etag-conflict").get("code").asInt()).as("aborted").isEqualTo(10);
  }

  private static JsonNode observed(NodeJs.Script script, String protocol, String check) {
    return script.lines().stream()
        .filter(l -> protocol.equals(l.path("protocol").asText()) && check.equals(l.path("check").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no line for " + protocol + " " + check))
        .get("observed");
  }
}
