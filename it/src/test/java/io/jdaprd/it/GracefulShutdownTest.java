package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.redis.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1.0/shutdown} while a slow app is handling events on {@code pubsub.redis} (a private durable
 * {@code redis-server}): the deliveries in flight finish and are acknowledged before the sidecar exits, and the
 * events it had not delivered yet are not lost: a new sidecar with the same app id (so the same consumer group)
 * delivers them, and none of those the first one finished.
 */
class GracefulShutdownTest {
  private static final String APP_ID = "it-graceful";
  private static final int EVENTS = 30;
  private static final long SLOW_MILLIS = 2_000;
  private static final Duration WAIT = Duration.ofSeconds(45);

  @Test
  void deliveriesInFlightFinishAndTheRestGoToTheNextSidecar() throws Exception {
    try (RedisServer redis = RedisServer.startDurable()) {
      Path resources = PubSubComponent.write("pubsub", "pubsub.redis", Map.of("redisHost",
          "127.0.0.1:" + redis.port(), "redeliverInterval", "1s", "processingTimeout", "2s"));
      try (CountingApp app = new CountingApp(0, "pubsub", "work")) {
        app.behave((topic, id, n) -> {
          Thread.sleep(SLOW_MILLIS);
          return 200;
        });
        SidecarProcess first = SidecarProcess.withAppId(APP_ID).resources(resources)
            .args("--app-port", String.valueOf(app.port())).start();
        List<String> ids;
        Set<String> inFlight;
        try {
          EventPublisher publisher = new EventPublisher(first, "pubsub", "work");
          for (int i = 0; i < EVENTS; i++) {
            publisher.publish("work-" + i, WAIT);
          }
          ids = publisher.accepted();
          assertThat(CountingApp.waitFor(() -> app.inFlight().size() >= 3, WAIT))
              .as("deliveries in flight to the slow app").isTrue();
          inFlight = app.inFlight();
        } catch (RuntimeException | Error e) {
          first.stop();
          throw e;
        }
        assertThat(first.stop()).as("exit code after POST /v1.0/shutdown").isZero();

        assertThat(app.inFlight()).as("deliveries still running after the sidecar exited").isEmpty();
        assertThat(app.broken()).as("answers the sidecar no longer read").isZero();
        for (String id : inFlight) {
          assertThat(app.successes(id)).as("%s, in flight at shutdown, finished", id).isEqualTo(1);
        }
        List<String> left = app.withoutSuccess(ids);
        assertThat(left).as("events the first sidecar had not delivered").isNotEmpty();

        app.behave((topic, id, n) -> 200);
        SidecarProcess second = SidecarProcess.withAppId(APP_ID).resources(resources)
            .args("--app-port", String.valueOf(app.port())).skipStartQueue().start();
        try {
          app.awaitSuccess(ids, WAIT);
          CountingApp.pause(4_000);
        } finally {
          second.close();
        }
        System.out.printf("graceful shutdown: %d in flight at shutdown finished, %d of %d left to the next "
            + "sidecar and delivered by it%n", inFlight.size(), left.size(), ids.size());
        assertThat(app.deliveredAfterSuccess()).as("events delivered again after the app took them").isEmpty();
      }
    }
  }
}
