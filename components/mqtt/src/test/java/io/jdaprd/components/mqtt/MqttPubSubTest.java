package io.jdaprd.components.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.testkit.pubsub.PubSubConformance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pub/sub conformance suite against a private mosquitto with persistence, with daprd's defaults (QoS 1,
 * {@code cleanSession: false}), plus what is particular to pubsub.mqtt3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttPubSubTest extends PubSubConformance {
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

  @Override
  protected PubSub createPubSub(ComponentMetadata metadata) {
    return new MqttPubSub();
  }

  @Override
  protected Map<String, String> pubSubMetadata() {
    return Map.of("url", server.url());
  }

  @Override
  protected String pubSubType() {
    return MqttPubSub.TYPE;
  }

  @Override
  protected void restartBroker() throws Exception {
    server.restart();
  }

  @Override
  protected Duration redeliveryTimeout() {
    return Duration.ofSeconds(5);
  }

  @Test
  @DisplayName("with daprd's defaults (qos 1, cleanSession false) the component reports DURABLE and wildcards")
  void reportsDurableAndWildcards() {
    assertThat(pubSub().features())
        .containsExactlyInAnyOrder(PubSubFeature.DURABLE, PubSubFeature.SUBSCRIBE_WILDCARDS);
  }

  @Test
  @DisplayName("with cleanSession true or qos 0 the component does not report DURABLE")
  void cleanSessionIsNotDurable() throws Exception {
    for (Map<String, String> extra : java.util.List.of(Map.of("cleanSession", "true"), Map.of("qos", "0"))) {
      try (MqttPubSub plain = new MqttPubSub()) {
        java.util.Map<String, String> md = new java.util.HashMap<>(extra);
        md.put("url", server.url());
        md.put("consumerID", consumerId("plain"));
        plain.init(new ComponentMetadata("plain", MqttPubSub.TYPE, "v1", APP_ID, md));
        assertThat(plain.features()).as("%s", extra).containsExactly(PubSubFeature.SUBSCRIBE_WILDCARDS);
      }
    }
  }

  @Test
  @DisplayName("while the broker is away, publish and check fail naming the component and broker")
  void failsWhileBrokerIsAway() throws Exception {
    server.stop();
    try {
      assertThatThrownBy(() -> publish(topic("outage"), "lost"))
          .isInstanceOf(PubSubException.class)
          .hasMessageContaining("component " + COMPONENT_NAME + " (pubsub.mqtt3)")
          .hasMessageContaining("127.0.0.1:" + server.port());
      assertThatThrownBy(() -> pubSub().check())
          .hasMessageContaining("not connected to the broker at tcp://127.0.0.1:" + server.port());
    } finally {
      server.startAgain();
    }
  }
}
