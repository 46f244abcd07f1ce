package io.jdaprd.it;

import io.jdaprd.components.nats.NatsServer;
import java.time.Duration;
import java.util.Map;

/**
 * {@link AppFaultsTest} on {@code pubsub.jetstream}, a private {@code nats-server}: an event the app did not take
 * after the sidecar's retries is negatively acknowledged and redelivered by the durable consumer; an event the app
 * took is acknowledged, so it does not come back within the quiet period of 5 s (more than twice the 2 s ack wait).
 * The short ack wait also makes the events that wait in the sidecar behind the one being retried (one at a time,
 * about 1.4 s each) outlast it: they must be kept with in-progress notices, or the broker delivers them again and the
 * app takes them twice.
 */
class JetStreamAppFaultsTest extends AppFaultsTest {
  private NatsServer nats;

  @Override
  void startBroker() throws Exception {
    nats = NatsServer.start();
  }

  @Override
  void stopBroker() throws Exception {
    if (nats != null) {
      nats.close();
    }
  }

  @Override
  String type() {
    return "pubsub.jetstream";
  }

  @Override
  Map<String, String> metadata() {
    return Map.of("natsURL", nats.url(), "durableName", "it-app-faults", "ackWait", "2s");
  }

  @Override
  Duration quietPeriod() {
    return Duration.ofSeconds(5);
  }
}
