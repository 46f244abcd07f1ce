package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.redis.RedisServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's own expiry of events, for a broker without native message TTL ({@code pubsub.redis}, whose streams
 * keep every entry): a publish with {@code metadata.ttlInSeconds} gets an {@code expiration} in its CloudEvent, and
 * the sidecar that delivers it drops it once that time has passed. The brokers' conformance suite cannot check this
 * (its TTL check needs native TTL), so it is checked here, through two whole sidecars.
 *
 * <p>A sidecar without an app publishes three events to a Redis stream nobody reads yet: one with
 * {@code ttlInSeconds=1}, one with {@code ttlInSeconds=600} and one without a TTL. Once the first has expired, a
 * second sidecar starts with a subscribed app; its consumer group reads the stream from the start. The two
 * unexpired events must reach the app (the controls: the stream kept them, and a TTL alone does not drop an event),
 * the expired one must not.
 */
class PubSubTtlTest {
  private static final String TOPIC = "expiry";
  private static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);
  /** Longer than the 1 s TTL plus the second the expiration's RFC 3339 seconds may round. */
  private static final Duration UNTIL_EXPIRED = Duration.ofSeconds(3);
  /** How long the app is watched for the expired event once the later events arrived. */
  private static final Duration QUIET_PERIOD = Duration.ofSeconds(2);

  private RedisServer redis;
  private Path resources;

  @BeforeEach
  void startBroker() throws Exception {
    redis = RedisServer.start();
    resources = PubSubComponent.write("pubsub", "pubsub.redis", Map.of("redisHost", "127.0.0.1:" + redis.port()));
  }

  @AfterEach
  void stopBroker() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void anEventWhoseTtlPassedBeforeDeliveryIsDroppedByTheSidecar() throws Exception {
    try (SidecarProcess publisher = SidecarProcess.withAppId("it-ttl").resources(resources).start()) {
      Http http = new Http(publisher);
      publish(http, "expiring", "&metadata.ttlInSeconds=1");
      publish(http, "long-lived", "&metadata.ttlInSeconds=600");
      publish(http, "without-ttl", "");
    }
    Thread.sleep(UNTIL_EXPIRED.toMillis());
    try (CountingApp app = new CountingApp(0, "pubsub", TOPIC);
        SidecarProcess subscriber = SidecarProcess.withAppId("it-ttl").resources(resources)
            .args("--app-port", String.valueOf(app.port())).start()) {
      app.awaitSuccess(List.of("long-lived", "without-ttl"), DELIVERY_WAIT);
      Thread.sleep(QUIET_PERIOD.toMillis());
      assertThat(app.deliveries("expiring"))
          .as("Dapr: the sidecar drops an event whose expiration (ttlInSeconds=1 on a broker without native TTL)"
              + " passed before delivery; sidecar log: %s", subscriber.log())
          .isZero();
    }
  }

  private static void publish(Http http, String id, String metadata) {
    HttpResponse<String> response = http.post("/v1.0/publish/pubsub/" + TOPIC + "?metadata.cloudevent.id=" + id
        + metadata, "{\"id\":\"" + id + "\"}", "content-type", "application/json");
    assertThat(response.statusCode()).as("publishing %s: %s", id, response.body()).isEqualTo(204);
  }
}
