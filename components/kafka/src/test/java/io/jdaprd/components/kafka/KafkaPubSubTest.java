package io.jdaprd.components.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.testkit.pubsub.PubSubConformance;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The pub/sub conformance suite against a private Kafka broker (KRaft). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaPubSubTest extends PubSubConformance {
  private KafkaServer server;

  @BeforeAll
  void startServer() throws Exception {
    server = KafkaServer.start();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected PubSub createPubSub(ComponentMetadata metadata) {
    return new KafkaPubSub();
  }

  @Override
  protected Map<String, String> pubSubMetadata() {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("brokers", server.brokers());
    metadata.put("authType", "none");
    metadata.put("consumeRetryInterval", "200ms");
    metadata.put("heartbeatInterval", "300ms");
    return metadata;
  }

  @Override
  protected String pubSubType() {
    return KafkaPubSub.TYPE;
  }

  @Override
  protected void restartBroker() throws Exception {
    long started = System.nanoTime();
    server.restart();
    System.out.printf("kafka broker restarted in %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  protected Duration redeliveryTimeout() {
    return Duration.ofSeconds(5);
  }

  @Test
  @DisplayName("reports BULK_PUBSUB and DURABLE and, like contrib, no MESSAGE_TTL")
  void reportsFeatures() {
    assertThat(pubSub().features()).containsExactlyInAnyOrder(PubSubFeature.BULK_PUBSUB, PubSubFeature.DURABLE);
  }
}
