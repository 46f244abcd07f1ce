package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.v1.DaprMetadataProtos.AppConnectionHealthProperties;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code --enable-app-health-check} on a whole sidecar and a plain HTTP app: while the app's {@code /healthz} fails,
 * the sidecar stops taking its subscription's messages (the in-memory broker drops what no one takes), and once it
 * answers 2xx again the deliveries resume; the metadata API shows the health settings as daprd does.
 */
class AppHealthChecksTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SUBSCRIBE = "[{\"pubsubname\":\"pubsub\",\"topic\":\"orders\",\"route\":\"/orders\"}]";

  @Test
  void deliveriesStopWhileTheAppIsUnhealthyAndResumeAfter() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(true);
    try (TestApp app = new TestApp(SUBSCRIBE)) {
      app.answer("/healthz", n -> new TestApp.Answer(healthy.get() ? 204 : 503, ""));
      try (SidecarProcess sidecar = SidecarProcess.withAppId("it-app-health")
          .resources(Locations.testResource("components/pubsub"))
          .args("--app-port", String.valueOf(app.port()), "--enable-app-health-check",
              "--app-health-probe-interval", "1", "--app-health-probe-timeout", "500", "--app-health-threshold", "2")
          .start()) {
        Http http = new Http(sidecar);
        assertThat(app.requests("/healthz")).as("probed before the subscriptions started").isNotEmpty();
        publish(http, 1);
        app.await("/orders", 1, WAIT);

        healthy.set(false);
        awaitLog(sidecar, "app entered unhealthy status", 1);
        awaitLog(sidecar, "paused 2 app subscription(s)", 1); // orders, and the folder's declarative one
        int probesWhenPaused = app.requests("/healthz").size();
        publish(http, 2);
        app.await("/healthz", probesWhenPaused + 2, WAIT);
        assertThat(orderNumbers(app)).as("nothing delivered while unhealthy").containsExactly(1);

        healthy.set(true);
        awaitLog(sidecar, "subscribed to topic orders on pubsub pubsub", 2);
        publish(http, 3);
        app.await("/orders", 2, WAIT);
        assertThat(orderNumbers(app)).containsExactly(1, 3);
        assertThat(http.get("/v1.0/healthz").statusCode()).as("healthz does not follow the app's health")
            .isEqualTo(204);
      }
    }
  }

  @Test
  void metadataShowsTheHealthSettings() throws Exception {
    try (TestApp app = new TestApp(null);
        SidecarProcess sidecar = SidecarProcess.withAppId("it-app-health-metadata")
            .args("--app-port", String.valueOf(app.port()), "--enable-app-health-check",
                "--app-health-check-path", "ready", "--app-health-probe-timeout", "1500")
            .start()) {
      assertThat(new Http(sidecar).get("/v1.0/metadata").body()).contains("\"appConnectionProperties\":{\"port\":"
          + app.port() + ",\"protocol\":\"http\",\"channelAddress\":\"127.0.0.1\",\"health\":{\"healthCheckPath\":"
          + "\"/ready\",\"healthProbeInterval\":\"5s\",\"healthProbeTimeout\":\"1.5s\",\"healthThreshold\":3}}");
      ManagedChannel channel = GrpcFailure.channel(sidecar);
      try {
        AppConnectionHealthProperties health = GrpcFailure.stub(channel)
            .getMetadata(GetMetadataRequest.getDefaultInstance()).getAppConnectionProperties().getHealth();
        assertThat(health).isEqualTo(AppConnectionHealthProperties.newBuilder().setHealthCheckPath("/ready")
            .setHealthProbeInterval("5s").setHealthProbeTimeout("1.5s").setHealthThreshold(3).build());
      } finally {
        channel.shutdownNow();
      }
      assertThat(app.await("/ready", 1, WAIT).get(0).method()).isEqualTo("GET");
    }
  }

  @Test
  void versionIsOneLineTheDaprCliReadsAsASemanticVersion() {
    SidecarProcess.Run run = SidecarProcess.runToExit("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).matches("1\\.\\d+\\.\\d+\\+jdaprd(\\.[0-9A-Za-z-]+)+\n");
    SidecarProcess.Run buildInfo = SidecarProcess.runToExit("--build-info");
    assertThat(buildInfo.stdout()).startsWith("Version: 1.").contains("\nGit Commit: ").contains("\nGit Version: ");
  }

  private static void publish(Http http, int n) {
    assertThat(http.post("/v1.0/publish/pubsub/orders", "{\"n\":" + n + "}", "content-type", "application/json")
        .statusCode()).as("publish %d", n).isEqualTo(204);
  }

  private static List<Integer> orderNumbers(TestApp app) {
    return app.requests("/orders").stream()
        .map(r -> Integer.valueOf(r.body().replaceAll(".*\"n\":(\\d+).*", "$1"))).toList();
  }

  private static void awaitLog(SidecarProcess sidecar, String text, int times) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (sidecar.logText().split(java.util.regex.Pattern.quote(text), -1).length - 1 >= times) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the log does not say \"" + text + "\" " + times + " time(s) within " + WAIT + ": "
        + sidecar.logText());
  }
}
