package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official JS SDK's {@code client.binding.send} against a sidecar with a {@code bindings.localstorage}:
 * {@code it/js/binding-test.mjs} checks results and error shapes over HTTP and gRPC. Without Node the test is
 * skipped, loudly; under CI it fails instead.
 */
class JsSdkBindingsTest {
  private static final String APP_ID = "it-js-sdk-bindings";
  private static SidecarProcess sidecar;
  private static String skipped;

  @BeforeAll
  static void start() throws Exception {
    skipped = NodeJs.problem("JsSdkBindingsTest");
    if (skipped != null) {
      return;
    }
    NodeJs.installIfNeeded();
    Path files = Locations.newDirectory("js-bindings-files");
    Path resources = Locations.newDirectory("js-bindings-resources");
    BindingsTest.write(resources.resolve("files.yaml"), BindingsTest.component("files", "bindings.localstorage",
        "rootPath", files.toString()));
    sidecar = SidecarProcess.withAppId(APP_ID).resources(resources).start();
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
  }

  @Test
  void bindingCallsAndErrorsOverHttpAndGrpc() throws Exception {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
    NodeJs.Script script = NodeJs.run("binding-test.mjs", Map.of("DAPR_HOST", "127.0.0.1", "DAPR_HTTP_PORT",
        String.valueOf(sidecar.httpPort()), "DAPR_GRPC_PORT", String.valueOf(sidecar.grpcPort())),
        "js-binding-test.out");
    assertThat(script.exitCode()).as("exit code of node binding-test.mjs; output:%n%s", script.output()).isZero();
    List<String> expected = new ArrayList<>(List.of("http create ok", "http get ok", "http delete ok",
        "http unknown-binding ok", "grpc create ok", "grpc unknown-binding ok", "summary failures=0"));
    assertThat(script.lines()).as(script.output()).extracting(l -> l.has("summary")
        ? "summary failures=" + l.get("failures").asInt()
        : l.path("protocol").asText() + " " + l.get("check").asText() + (l.get("ok").asBoolean() ? " ok" : " FAILED"))
        .containsExactlyElementsOf(expected);
  }
}
