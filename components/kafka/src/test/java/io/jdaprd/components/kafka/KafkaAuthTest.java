package io.jdaprd.components.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code authType: password} against the private broker's SASL/PLAIN listener, headers and keys both ways, and a
 * refused password that never shows in the error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaAuthTest {
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

  private KafkaPubSub open(String password) throws ComponentException {
    KafkaPubSub pubSub = new KafkaPubSub();
    pubSub.init(new ComponentMetadata("kafka", KafkaPubSub.TYPE, "v1", "app", Map.of("brokers", server.saslBrokers(),
        "authType", "password", "saslUsername", KafkaServer.SASL_USER, "saslPassword", password, "disableTls",
        "true", "heartbeatInterval", "300ms")));
    return pubSub;
  }

  @Test
  void passwordAuthPublishesAndDeliversWithHeadersAndKey() throws Exception {
    try (KafkaPubSub pubSub = open(KafkaServer.SASL_PASSWORD)) {
      BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
      Subscription subscription = pubSub.subscribe(new SubscribeRequest("auth-topic", Map.of("consumerID", "auth")),
          inbox::add);
      pubSub.publish(new PublishRequest("auth-topic", "hello".getBytes(StandardCharsets.UTF_8), "text/plain",
          Map.of("partitionKey", "k-1", "traceparent", "00-abc-def-01")));
      Message m = inbox.poll(20, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(m.metadata()).containsEntry("__key", "k-1").containsEntry("__topic", "auth-topic")
          .containsEntry("__partition", "0").containsEntry("traceparent", "00-abc-def-01")
          .containsEntry("partitionKey", "k-1").containsKeys("__offset", "__timestamp");
      subscription.close();
    }
  }

  @Test
  void aWrongPasswordFailsInitWithoutShowingIt() {
    assertThatThrownBy(() -> open("wrong-pw-123").close())
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("cannot connect to the brokers")
        .hasMessageNotContaining("wrong-pw-123");
  }
}
