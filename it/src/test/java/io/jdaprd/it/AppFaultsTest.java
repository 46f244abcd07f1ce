package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An app that fails, is slow, or is not running loses no event, and an event the app took (a 2xx answer) is not
 * delivered to it again: each subclass runs these through a whole sidecar on one broker. Every test publishes events
 * with ids of its own to a topic of its own, lets the app misbehave, then answer 200, and checks per event id that
 * the app took it exactly once, also after a quiet period longer than the broker's redelivery cycle.
 *
 * <p>The sidecar's call timeout into the app is fixed (60 s) and has no flag, so the slow app here answers an error
 * after a pause instead of outlasting the timeout; the retry path after either is the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AppFaultsTest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final Duration PUBLISH_GIVE_UP = Duration.ofSeconds(20);

  private CountingApp app;
  private SidecarProcess sidecar;

  /** The component type. */
  abstract String type();

  /** The component's metadata. */
  abstract Map<String, String> metadata();

  /** Longer than the broker's redelivery cycle: a redelivery would have come within it. */
  abstract Duration quietPeriod();

  /** Starts the broker, if it runs outside the sidecar. */
  void startBroker() throws Exception {
  }

  /** Stops the broker, if it runs outside the sidecar. */
  void stopBroker() throws Exception {
  }

  private CountingApp newApp(int port) throws Exception {
    return new CountingApp(port, "pubsub", "errors", "slow", "absent");
  }

  @BeforeAll
  void start() throws Exception {
    startBroker();
    app = newApp(0);
    sidecar = SidecarProcess.withAppId("it-app-faults-" + type().substring(type().indexOf('.') + 1))
        .resources(PubSubComponent.write("pubsub", type(), metadata()))
        .args("--app-port", String.valueOf(app.port())).start();
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (sidecar != null) {
        sidecar.close();
      }
    } finally {
      if (app != null) {
        app.close();
      }
      stopBroker();
    }
  }

  private List<String> publish(String topic, int count) {
    EventPublisher publisher = new EventPublisher(sidecar, "pubsub", topic);
    for (int i = 0; i < count; i++) {
      publisher.publish(topic + "-" + i, PUBLISH_GIVE_UP);
    }
    return publisher.accepted();
  }

  /** After a quiet period: every event was taken exactly once and never delivered after it was taken. */
  private void assertTakenExactlyOnce(List<String> ids) {
    CountingApp.pause(quietPeriod().toMillis());
    for (String id : ids) {
      assertThat(app.successes(id)).as("2xx answers to %s", id).isEqualTo(1);
    }
    assertThat(app.deliveredAfterSuccess()).as("events delivered again after the app took them")
        .doesNotContainKeys(ids.toArray(String[]::new));
  }

  @Test
  void eventsTheAppAnswers500AreRetriedUntilItTakesThem() {
    AtomicBoolean failing = new AtomicBoolean(true);
    app.behave((topic, id, n) -> failing.get() ? 500 : 200);
    List<String> ids = publish("errors", 10);

    // A fourth delivery is past the sidecar's own 3 attempts on a durable broker: the broker redelivered it.
    assertThat(CountingApp.waitFor(() -> app.deliveries(ids.getFirst()) >= 4, WAIT))
        .as("an event answered with 500 is delivered again").isTrue();
    assertThat(app.withoutSuccess(ids)).hasSize(ids.size());
    failing.set(false);

    app.awaitSuccess(ids, WAIT);
    assertTakenExactlyOnce(ids);
  }

  @Test
  void eventsASlowFailingAppAnswersLateAreRetried() {
    app.behave((topic, id, n) -> {
      if (n == 1) {
        Thread.sleep(1_000);
        return 503;
      }
      return 200;
    });
    List<String> ids = publish("slow", 5);

    app.awaitSuccess(ids, WAIT);
    for (String id : ids) {
      assertThat(app.deliveries(id)).as("deliveries of %s", id).isGreaterThanOrEqualTo(2);
    }
    assertTakenExactlyOnce(ids);
  }

  @Test
  void eventsPublishedWhileTheAppIsDownArriveWhenItIsBack() throws Exception {
    int port = app.port();
    app.close();
    List<String> ids = new ArrayList<>(publish("absent", 10));
    CountingApp.pause(2_000);

    app = newApp(port);
    app.awaitSuccess(ids, WAIT);
    assertTakenExactlyOnce(ids);
    assertThat(sidecar.isAlive()).isTrue();
  }
}
