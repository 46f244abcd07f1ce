package io.jdaprd.it;

import io.jdaprd.components.nats.NatsServer;
import java.util.Map;

/**
 * {@link BrokerRestartTest} on {@code pubsub.jetstream}, a private {@code nats-server} whose file store survives the
 * restart, with a durable consumer and a 2 s ack wait.
 */
class JetStreamBrokerRestartTest extends BrokerRestartTest {
  private NatsServer nats;

  @Override
  void startBroker() throws Exception {
    nats = NatsServer.start();
  }

  @Override
  void restartBroker() throws Exception {
    nats.restart();
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
    return Map.of("natsURL", nats.url(), "durableName", "it-restart", "ackWait", "2s");
  }
}
