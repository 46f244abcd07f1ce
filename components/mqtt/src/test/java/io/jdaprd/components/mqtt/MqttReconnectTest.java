package io.jdaprd.components.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.testkit.backend.FaultProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** How a link comes back after a lost connection where Paho's own reconnect cycle stops, against a private mosquitto. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttReconnectTest {
  private static final Duration STALL = Duration.ofSeconds(2);
  private MosquittoServer server;

  @BeforeAll
  void startServer() throws Exception {
    server = MosquittoServer.start();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static MqttSettings settings(String url) throws Exception {
    return MqttSettings.forPubSub(new ComponentMetadata("mq", MqttPubSub.TYPE, "v1", "reconnect-test",
        Map.of("url", url)));
  }

  private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  @Test
  @DisplayName("a reconnect attempt that never hears back is dropped and tried again, and the subscription resumes")
  void aReconnectWithNoAnswerIsDroppedAndTriedAgain() throws Exception {
    String topic = unique("watched");
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    try (FaultProxy proxy = FaultProxy.start("mosquitto", server.port());
        MqttLink link = new MqttLink(settings("tcp://" + proxy.address()), unique("watched"),
            Redelivery.untilHandled(), STALL);
        MqttLink publisher = new MqttLink(settings(server.url()), unique("publisher"), Redelivery.untilHandled())) {
      link.connect();
      publisher.connect();
      link.subscribe(topic, arrival -> received.add(new String(arrival.payload(), StandardCharsets.UTF_8)), false);

      proxy.blackhole().reset();
      assertThat(await(() -> proxy.acceptedConnections() >= 2, Duration.ofSeconds(10)))
          .as("Paho's first reconnect attempt reaches the proxy").isTrue();
      // That attempt never gets its CONNACK (Paho's connection timeout bounds the TCP connect only) and never fails:
      // Paho alone would wait for it forever. New connections pass.
      proxy.strand().heal();
      assertThat(link.isConnected()).as("the attempt is held").isFalse();

      assertThat(await(link::isConnected, STALL.multipliedBy(6)))
          .as("the link drops the attempt that got no answer and connects again").isTrue();
      assertThat(proxy.acceptedConnections()).as("on a new connection").isGreaterThanOrEqualTo(3);
      publisher.publish(topic, "after".getBytes(StandardCharsets.UTF_8), 1, false);
      assertThat(received.poll(20, TimeUnit.SECONDS))
          .as("the subscription made before the fault receives again").isEqualTo("after");
    }
  }
}
