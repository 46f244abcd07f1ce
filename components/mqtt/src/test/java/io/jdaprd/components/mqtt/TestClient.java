package io.jdaprd.components.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A plain MQTT client of the tests, beside the components: publishes with a short-lived connection of its own, or
 * watches a topic filter and keeps the last payload of every topic it saw.
 */
final class TestClient implements AutoCloseable {
  private final Map<String, byte[]> seen = new ConcurrentHashMap<>();
  private final MqttClient client;

  private TestClient(MqttClient client) {
    this.client = client;
  }

  /** Publishes {@code data} to {@code topic} with QoS 1 through a connection of its own. */
  static void publish(String url, String topic, byte[] data) throws MqttException {
    MqttClient c = new MqttClient(url, "test-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    c.connect(options);
    try {
      c.publish(topic, data, 1, false);
    } finally {
      c.disconnect();
      c.close();
    }
  }

  /** Publishes the UTF-8 bytes of {@code text}. */
  static void publish(String url, String topic, String text) throws MqttException {
    publish(url, topic, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A client that watches {@code filter} from now on. */
  static TestClient watching(String url, String filter) throws MqttException {
    MqttClient c = new MqttClient(url, "watch-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(true);
    c.connect(options);
    TestClient watcher = new TestClient(c);
    c.subscribe(filter, 1, (topic, message) -> watcher.seen.put(topic, message.getPayload()));
    return watcher;
  }

  /** The last payload seen on {@code topic} within {@code timeout}, or {@code null}. */
  byte[] await(String topic, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      byte[] data = seen.get(topic);
      if (data != null) {
        return data;
      }
      Thread.sleep(20);
    }
    return seen.get(topic);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
