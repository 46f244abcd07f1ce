package io.jdaprd.it;

import io.jdaprd.components.nats.NatsServer;
import java.time.Duration;
import java.util.Map;

/**
 * {@link AppFaultsTest} on {@code pubsub.jetstream}, a private {@code nats-server}: an event the app did not take
 * after the sidecar's retries is negatively acknowledged and redelivered by the durable consumer; an event the app
 * took is acknowledged, so it does not come back within the quiet period of 5 s (more than twice the 2 s ack wait).
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
