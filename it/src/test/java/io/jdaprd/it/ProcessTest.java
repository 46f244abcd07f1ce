package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The sidecar as a process: graceful shutdown and its exit code, and the embedded store across restarts. Two starts
 * and two shutdowns in a row make it the suite's longest path, so its sidecars skip the start queue.
 */
class ProcessTest {

  @Test
  void stateSurvivesARestartWithTheEmbeddedDefaults() {
    Path home = Locations.newDirectory("restart-home");
    try (SidecarProcess first = SidecarProcess.withAppId("it-restart").home(home).skipStartQueue().start()) {
      Http http = new Http(first);
      assertThat(http.post("/v1.0/state/statestore", "[{\"key\":\"survivor\",\"value\":{\"n\":1}}]").statusCode())
          .isEqualTo(204);
      assertThat(first.logText()).contains("using the embedded defaults, statestore (state.sqlite) in "
          + home.resolve("jdaprd/state.db"));

      assertThat(first.stop()).as("exit code after POST /v1.0/shutdown").isZero();
      assertThat(first.logText()).contains("msg=\"shutting down: draining requests for up to 5 s\"")
          .contains("msg=\"stopped\"");
      assertThatThrownBy(() -> http.get("/v1.0/healthz")).as("no longer listening").isInstanceOf(AssertionError.class)
          .hasCauseInstanceOf(ConnectException.class);
    }
    assertThat(Files.isRegularFile(home.resolve("jdaprd/state.db"))).isTrue();

    try (SidecarProcess second = SidecarProcess.withAppId("it-restart").home(home).skipStartQueue().start()) {
      HttpResponse<String> got = new Http(second).get("/v1.0/state/statestore/survivor");
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.body()).isEqualTo("{\"n\":1}");
    }
  }
}
