package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A component whose init fails holds {@code /v1.0/healthz} at daprd's 500 {@code ERR_HEALTH_NOT_READY} naming it,
 * while {@code /v1.0/healthz/outbound} and the rest of the API are served; with {@code spec.ignoreErrors: true} the
 * same failure does not hold health back.
 */
class ComponentInitFailureTest {
  private static Path resources(boolean ignoreErrors) throws IOException {
    Path dir = Locations.newDirectory("init-failure");
    Files.writeString(dir.resolve("components.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: broken
        spec:
          type: state.sqlite
          version: v1
          ignoreErrors: %s
          metadata:
          - name: connectionString
            value: "/proc/no-such-dir/state.db"
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: good
        spec:
          type: state.in-memory
          version: v1
          metadata: []
        """.formatted(ignoreErrors));
    return dir;
  }

  @Test
  void aFailedInitHoldsHealthBackNamingTheComponent() throws IOException {
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-init-failure").resources(resources(false))
        .readiness("/v1.0/healthz/outbound").start()) {
      Http http = new Http(sidecar);
      HttpResponse<String> health = http.get("/v1.0/healthz");

      assertThat(health.statusCode()).isEqualTo(500);
      assertThat(health.body()).contains("\"errorCode\":\"ERR_HEALTH_NOT_READY\"")
          .contains("dapr is not ready: [component-broken]");
      assertThat(http.post("/v1.0/state/good", "[{\"key\":\"k\",\"value\":1}]").statusCode()).isEqualTo(204);
      assertThat(sidecar.logText()).contains("resource not loaded").contains("component broken");
    }
  }

  @Test
  void ignoreErrorsReleasesHealth() throws IOException {
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-init-ignored").resources(resources(true)).start()) {
      Http http = new Http(sidecar);

      assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
      assertThat(http.get("/v1.0/state/broken/k").body()).contains("state store broken is not found");
    }
  }
}
