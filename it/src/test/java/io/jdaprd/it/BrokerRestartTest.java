package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broker restart in the middle of a steady publish/subscribe run through a whole sidecar loses no event the
 * sidecar accepted, and the sidecar reconnects by itself. Each subclass runs one durable broker (its private test
 * server, on free ports) with the settings that make it keep what it acknowledged.
 *
 * <p>The test publishes {@value #EVENTS} events, one every {@value #GAP_MILLIS} ms, over the sidecar's HTTP API.
 * After {@value #RESTART_AT} of them it restarts the broker in the background while publishing goes on; it waits
 * for the restart to end before the last third, so that some events are published only after it. A publish that
 * fails meanwhile (500 {@code ERR_PUBSUB_PUBLISH_MESSAGE}, or no answer in time) is retried until accepted and only
 * then counted. Every accepted event must then reach the app at least once (at-least-once: a redelivery after the
 * restart may repeat one), without the test touching the sidecar.
 */
abstract class BrokerRestartTest {
  static final int EVENTS = 300;
  static final int RESTART_AT = 100;
  static final long GAP_MILLIS = 20;
  private static final Duration PUBLISH_GIVE_UP = Duration.ofSeconds(120);
  private static final Duration DELIVERY_WAIT = Duration.ofSeconds(60);

  /** Starts the broker; called once, before the sidecar starts. */
  abstract void startBroker() throws Exception;

  /** Stops the broker and starts it again on the same port with the same data. */
  abstract void restartBroker() throws Exception;

  /** Stops the broker for good and removes its data. */
  abstract void stopBroker() throws Exception;

  /** The component type, e.g. {@code pubsub.redis}. */
  abstract String type();

  /** The component's metadata: the broker's address and short timings. */
  abstract Map<String, String> metadata();

  @Test
  void aBrokerRestartDuringASteadyRunLosesNoAcceptedEvent() throws Exception {
    startBroker();
    String appId = "it-restart-" + type().substring(type().indexOf('.') + 1);
    Path resources = PubSubComponent.write("pubsub", type(), metadata());
    try (CountingApp app = new CountingApp(0, "pubsub", "steady")) {
      SidecarProcess sidecar = SidecarProcess.withAppId(appId).resources(resources)
          .args("--app-port", String.valueOf(app.port())).start();
      try {
        long started = System.nanoTime();
        EventPublisher publisher = new EventPublisher(sidecar, "pubsub", "steady");
        CompletableFuture<Void> restart = null;
        for (int i = 0; i < EVENTS; i++) {
          if (i == RESTART_AT) {
            restart = CompletableFuture.runAsync(() -> {
              try {
                restartBroker();
              } catch (Exception e) {
                throw new IllegalStateException("restarting the broker failed", e);
              }
            });
          }
          if (i == 2 * EVENTS / 3) {
            restart.get(3, TimeUnit.MINUTES);
          }
          publisher.publish("steady-" + i, PUBLISH_GIVE_UP);
          Thread.sleep(GAP_MILLIS);
        }
        long published = System.nanoTime();
        app.awaitSuccess(publisher.accepted(), DELIVERY_WAIT);
        long delivered = System.nanoTime();

        assertThat(publisher.accepted()).hasSize(EVENTS);
        int again = app.totalDeliveries() - EVENTS;
        System.out.printf("%s: %d events accepted (%d refused, %d unanswered publishes during the outage), all "
                + "delivered; %d delivered more than once; publishing took %d ms, the rest of the delivery %d ms%n",
            type(), EVENTS, publisher.refusals(), publisher.noAnswers(), again,
            (published - started) / 1_000_000, (delivered - published) / 1_000_000);
        assertThat(sidecar.isAlive()).isTrue();
      } finally {
        sidecar.close();
      }
    } finally {
      stopBroker();
    }
  }
}
