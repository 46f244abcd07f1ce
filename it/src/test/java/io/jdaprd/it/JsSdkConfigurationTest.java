package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.redis.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official JS SDK ({@code @dapr/dapr} 3.18.0) on configuration over gRPC: {@code it/js/configuration-test.mjs}
 * gets items, sees the error of an unknown store, subscribes to a key the script then writes into the private Redis,
 * and stops the subscription (the SDK aborts the stream and calls {@code UnsubscribeConfiguration}). Without Node
 * the test is skipped, loudly; under CI it fails instead (as {@link JsSdkTest}).
 */
class JsSdkConfigurationTest {
  private static final List<String> CHECKS = List.of("get", "get-unknown-store", "subscribe-update",
      "no-update-after-stop");
  private static RedisServer redis;
  private static SidecarProcess sidecar;
  private static String skipped;

  @BeforeAll
  static void start() throws Exception {
    skipped = NodeJs.problem("JsSdkConfigurationTest");
    if (skipped != null) {
      return;
    }
    NodeJs.installIfNeeded();
    redis = RedisServer.start();
    Path resources = Files.createTempDirectory(Locations.targetDir(), "js-config-resources");
    Files.writeString(resources.resolve("cfg.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: cfg
        spec:
          type: configuration.redis
          version: v1
          metadata:
          - name: redisHost
            value: "127.0.0.1:%d"
        """.formatted(redis.port()));
    sidecar = SidecarProcess.withAppId("it-js-sdk-config").resources(resources).start();
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void getSubscribeAndStopOverGrpc() throws Exception {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
    NodeJs.Script script = NodeJs.run("configuration-test.mjs", Map.of("DAPR_HOST", "127.0.0.1", "DAPR_GRPC_PORT",
        String.valueOf(sidecar.grpcPort()), "REDIS_PORT", String.valueOf(redis.port())), "js-configuration-test.out");
    assertThat(script.exitCode()).as("exit code of node configuration-test.mjs; output:%n%s", script.output())
        .isZero();
    List<String> expected = new java.util.ArrayList<>();
    CHECKS.forEach(c -> expected.add(c + " ok"));
    expected.add("summary failures=0");
    assertThat(script.lines()).as(script.output()).extracting(l -> l.has("summary")
        ? "summary failures=" + l.get("failures").asInt()
        : l.get("check").asText() + (l.get("ok").asBoolean() ? " ok" : " FAILED"))
        .containsExactlyElementsOf(expected);
  }
}
