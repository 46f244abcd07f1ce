package io.jdaprd.it;

import io.jdaprd.components.kafka.KafkaServer;
import java.util.Map;

/**
 * {@link BrokerRestartTest} on {@code pubsub.kafka}, a private KRaft broker whose log survives the restart, with
 * offsets committed only after the app took an event and a 200 ms retry interval.
 */
class KafkaBrokerRestartTest extends BrokerRestartTest {
  private KafkaServer kafka;

  @Override
  void startBroker() throws Exception {
    kafka = KafkaServer.start();
  }

  @Override
  void restartBroker() throws Exception {
    kafka.restart();
  }

  @Override
  void stopBroker() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Override
  String type() {
    return "pubsub.kafka";
  }

  @Override
  Map<String, String> metadata() {
    return Map.of("brokers", kafka.brokers(), "authType", "none", "consumeRetryInterval", "200ms");
  }
}
