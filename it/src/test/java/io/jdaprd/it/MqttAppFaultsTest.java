package io.jdaprd.it;

import io.jdaprd.components.mqtt.MosquittoServer;
import java.time.Duration;
import java.util.Map;

/**
 * {@link AppFaultsTest} on {@code pubsub.mqtt3} with daprd's defaults (QoS 1, {@code cleanSession: false}), a private
 * {@code mosquitto}: an event the app did not take after the sidecar's retries stays unacknowledged and the
 * component offers it again (1 s, doubling up to 10 s); an event the app took is acknowledged, so nothing comes back
 * within the quiet period of 3 s.
 */
class MqttAppFaultsTest extends AppFaultsTest {
  private MosquittoServer mosquitto;

  @Override
  void startBroker() throws Exception {
    mosquitto = MosquittoServer.start();
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

  @Override
  Duration quietPeriod() {
    return Duration.ofSeconds(3);
  }
}
