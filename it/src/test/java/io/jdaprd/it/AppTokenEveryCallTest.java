package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.redis.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Security review (issue #15): with {@code APP_API_TOKEN} set, every call the sidecar makes into its app carries it
 * as {@code dapr-api-token}: the subscription and actor configuration reads, a service invocation, a pub/sub
 * delivery, an input binding's probe and events (cron), an actor call, and a configuration update of an HTTP
 * subscription. Each kind is waited for, then every request the app saw is checked. The one exception is daprd's:
 * its app health probe is a bare {@code GET} of the health path ({@code pkg/channel/http} {@code HealthProbe} sets
 * no token), and so is jdaprd's.
 */
class AppTokenEveryCallTest {
  private static final String TOKEN = "app-token-3e1f";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void everyCallIntoTheAppCarriesTheAppToken() throws Exception {
    try (RedisServer redis = RedisServer.start();
        TestApp app = new TestApp("[{\"pubsubname\":\"pubsub\",\"topic\":\"t\",\"route\":\"/events\"}]")) {
      app.answer("/dapr/config", n -> new TestApp.Answer(200, "{\"entities\":[\"tokenactor\"]}"));
      Path resources = Files.createTempDirectory(Locations.targetDir(), "app-token-resources");
      Files.writeString(resources.resolve("components.yaml"), """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: pubsub
          spec:
            type: pubsub.in-memory
            version: v1
          ---
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: statestore
          spec:
            type: state.in-memory
            version: v1
            metadata:
            - name: actorStateStore
              value: "true"
          ---
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: tick
          spec:
            type: bindings.cron
            version: v1
            metadata:
            - name: schedule
              value: "@every 1s"
          ---
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
      try (SidecarProcess sidecar = SidecarProcess.withAppId("it-app-token-all").resources(resources)
          .args("--app-port", Integer.toString(app.port()), "--enable-app-health-check",
              "--app-health-probe-interval", "1")
          .env("APP_API_TOKEN", TOKEN).start()) {
        Http http = new Http(sidecar);
        assertThat(http.post("/v1.0/invoke/it-app-token-all/method/hello", "{}").statusCode()).isEqualTo(200);
        assertThat(http.post("/v1.0/publish/pubsub/t", "{\"a\":1}", "content-type", "application/json")
            .statusCode()).isEqualTo(204);
        assertThat(http.send("PUT", "/v1.0/actors/tokenactor/a1/method/m", "{}").statusCode()).isEqualTo(200);
        assertThat(http.get("/v1.0/configuration/cfg/subscribe?key=k").statusCode()).isEqualTo(200);
        RedisWrites.set(redis, "k", "v1");

        for (String path : List.of("/dapr/subscribe", "/dapr/config", "/hello", "/events",
            "/actors/tokenactor/a1/method/m", "/tick", "/configuration/cfg/k", "/healthz")) {
          app.await(path, 1, WAIT);
        }
        List<TestApp.Received> all = app.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(8);
        for (TestApp.Received r : all) {
          assertThat(r.header("dapr-api-token")).as(r.method() + " " + r.path())
              .isEqualTo(r.path().equals("/healthz") ? null : TOKEN);
        }
      }
    }
  }
}
