package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Dapr JS SDK 3.18.0 actors, unchanged, on both sides of a jdaprd sidecar with self-placement
 * ({@code it/js/actors-test.mjs}): a {@code DaprServer} hosts {@code JsCounter} (reentrancy on in its
 * {@code /dapr/config}) and {@code ActorProxyBuilder} proxies call it through the sidecar: state, turns, a timer, a
 * reminder, and calls of one reentrancy chain sharing a turn while calls without one wait for theirs. Without Node
 * the test is skipped, loudly; under CI it fails instead (as {@link JsSdkTest}).
 */
class JsSdkActorsTest {
  private static String skipped;
  private static SidecarProcess sidecar;
  private static int appPort;

  @BeforeAll
  static void start() throws Exception {
    skipped = NodeJs.problem("JsSdkActorsTest");
    if (skipped != null) {
      return;
    }
    NodeJs.installIfNeeded();
    try (ServerSocket s = new ServerSocket(0)) {
      appPort = s.getLocalPort();
    }
    sidecar = SidecarProcess.withAppId("it-js-actors").args("--app-port", String.valueOf(appPort))
        .readiness("/v1.0/healthz/outbound").start();
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
  }

  @Test
  void theJsSdkHostsAndCallsActors() throws Exception {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
    NodeJs.Script script = NodeJs.run("actors-test.mjs", Map.of("DAPR_HOST", "127.0.0.1", "DAPR_HTTP_PORT",
        String.valueOf(sidecar.httpPort()), "APP_PORT", String.valueOf(appPort)), "js-actors-test.out");
    assertThat(script.lines()).as(script.output()).extracting(l -> l.has("summary")
        ? "summary failures=" + l.get("failures").asInt()
        : l.get("check").asText() + (l.get("ok").asBoolean() ? " ok" : " FAILED"))
        .containsExactly("hosted ok", "state ok", "turns ok", "timer ok", "reminder ok", "reminder-deleted ok",
            "reentrancy ok", "summary failures=0");
    assertThat(script.exitCode()).as(script.output()).isZero();
  }
}
