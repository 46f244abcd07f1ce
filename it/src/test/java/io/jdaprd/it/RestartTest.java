package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code SIGHUP} restarts the runtime inside the same process, as daprd does: the Configuration file and the resources
 * are read again and the servers listen on the same ports; the shutdown API afterwards still ends the process.
 */
class RestartTest {

  /** Hot reload is off here, so only the signal can bring the new resource in. */
  @Test
  void sighupRestartsTheRuntimeWithWhatTheFilesSayNow() throws Exception {
    Path dir = Locations.newDirectory("restart");
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: no-hot-reload
        spec:
          features:
          - name: HotReload
            enabled: false
        """);
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-restart").resources(resources)
        .args("--config", config.toString()).start()) {
      Http http = new Http(sidecar);
      assertThat(http.get("/v1.0/metadata").body()).doesNotContain("later-endpoint");
      Files.writeString(resources.resolve("endpoint.yaml"), """
          apiVersion: dapr.io/v1alpha1
          kind: HTTPEndpoint
          metadata:
            name: later-endpoint
          spec:
            baseUrl: http://127.0.0.1:9
          """);

      hangUp(sidecar.pid());

      String metadata = awaitMetadataNaming(http, "later-endpoint");
      assertThat(metadata).as("metadata after SIGHUP").contains("\"later-endpoint\"");
      assertThat(sidecar.isAlive()).isTrue();
      assertThat(sidecar.logText()).contains("restarting the runtime");
      // The new runtime serves its metadata before its start ends; healthz waits for the whole start, as daprd's.
      assertThat(awaitHealthz(http)).as("healthz after SIGHUP").isEqualTo(204);
      assertThat(sidecar.stop()).as("exit code after the shutdown API").isZero();
    }
  }

  @Test
  void anHttpEndpointWrittenWhileRunningRestartsTheRuntimeByItselfAsDaprd() throws Exception {
    Path dir = Locations.newDirectory("restart-reload");
    Path resources = Files.createDirectories(dir.resolve("resources"));
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-restart-reload").resources(resources).start()) {
      Http http = new Http(sidecar);
      Files.writeString(resources.resolve("endpoint.yaml"), """
          apiVersion: dapr.io/v1alpha1
          kind: HTTPEndpoint
          metadata:
            name: reloaded-endpoint
          spec:
            baseUrl: http://127.0.0.1:9
          """);
      assertThat(awaitMetadataNaming(http, "reloaded-endpoint")).contains("\"reloaded-endpoint\"");
      assertThat(sidecar.logText()).contains("the HTTPEndpoint resources changed: restarting the runtime");
      assertThat(sidecar.stop()).isZero();
    }
  }

  /**
   * A Configuration document among the resources is not applied, but daprd 1.18's reconciler of Configurations sees it
   * as new at every change of the files (self-hosted, its store of them is empty) and restarts the runtime.
   */
  @Test
  void aFileChangeBesideAConfigurationDocumentRestartsTheRuntimeAsDaprd() throws Exception {
    Path dir = Locations.newDirectory("restart-configuration");
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("config.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: beside-the-components
        spec:
          tracing:
            samplingRate: "1"
        """);
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-restart-configuration").resources(resources).start()) {
      Http http = new Http(sidecar);
      assertThat(sidecar.logText()).doesNotContain("restarting the runtime");
      Files.writeString(resources.resolve("store.yaml"), """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: later-store
          spec:
            type: state.in-memory
            version: v1
          """);
      assertThat(awaitMetadataNaming(http, "later-store")).contains("\"later-store\"");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (sidecar.logText().split("dapr initialized", -1).length < 3 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(sidecar.logText()).contains("the Configuration resources changed: restarting the runtime");
      assertThat(sidecar.logText().split("dapr initialized", -1)).as("started twice").hasSize(3);
      assertThat(sidecar.stop()).isZero();
    }
  }

  /** Polls the metadata API, across the restart's gap, until it names {@code name}; the last body read. */
  /** Polls healthz for up to 20 s until it answers 204; returns the last status. */
  private static int awaitHealthz(Http http) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int status = 0;
    while (System.nanoTime() < deadline && (status = http.get("/v1.0/healthz").statusCode()) != 204) {
      Thread.sleep(20);
    }
    return status;
  }

  private static String awaitMetadataNaming(Http http, String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String metadata = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.get("/v1.0/metadata");
        metadata = r.body();
        if (r.statusCode() == 200 && metadata.contains(name)) {
          break;
        }
      } catch (AssertionError notListening) {
        // between the stop and the new start
      }
      Thread.sleep(100);
    }
    return metadata;
  }

  private static void hangUp(long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }
}
