package io.jdaprd.it;

import io.jdaprd.components.mqtt.MosquittoServer;
import java.util.Map;

/**
 * {@link BrokerRestartTest} on {@code pubsub.mqtt3} with daprd's defaults (QoS 1, {@code cleanSession: false}), a
 * private {@code mosquitto} with persistence, so that the session of the sidecar's client id and its queued messages
 * survive the restart.
 */
class MqttBrokerRestartTest extends BrokerRestartTest {
  private MosquittoServer mosquitto;

  @Override
  void startBroker() throws Exception {
    mosquitto = MosquittoServer.start();
  }

  @Override
  void restartBroker() throws Exception {
    mosquitto.restart();
  }

  @Override
  void stopBroker() throws Exception {
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  @Override
  String type() {
    return "pubsub.mqtt3";
  }

  @Override
  Map<String, String> metadata() {
    return Map.of("url", mosquitto.url());
  }
}
