package io.jdaprd.components.nats;

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

/** The pub/sub conformance suite against a private nats-server with JetStream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JetStreamPubSubTest extends PubSubConformance {
  private NatsServer server;

  @BeforeAll
  void startServer() throws Exception {
    server = NatsServer.start();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected PubSub createPubSub(ComponentMetadata metadata) {
    return new JetStreamPubSub();
  }

  @Override
  protected Map<String, String> pubSubMetadata() {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("natsURL", server.url());
    metadata.put("ackWait", "1s");
    return metadata;
  }

  @Override
  protected String pubSubType() {
    return JetStreamPubSub.TYPE;
  }

  @Override
  protected void restartBroker() throws Exception {
    server.restart();
  }

  @Override
  protected Duration redeliveryTimeout() {
    return Duration.ofSeconds(10);
  }

  @Test
  @DisplayName("reports DURABLE and, like daprd, no MESSAGE_TTL")
  void reportsFeatures() {
    assertThat(pubSub().features()).containsExactly(PubSubFeature.DURABLE);
  }
}
