package io.jdaprd.components.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Token authentication against a private nats-server that requires one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JetStreamAuthTest {
  private static final String TOKEN = "t0ken-" + Long.toHexString(System.nanoTime());

  private NatsServer server;

  @BeforeAll
  void startServer() throws Exception {
    server = NatsServer.start("--auth", TOKEN);
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("with the right token the component publishes and subscribes")
  void rightToken() throws Exception {
    try (JetStreamPubSub pubSub = new JetStreamPubSub()) {
      pubSub.init(metadata(TOKEN));
      Inbox inbox = new Inbox();
      try (Subscription ignored = pubSub.subscribe(new SubscribeRequest("auth-topic", Map.of()), inbox)) {
        pubSub.publish(new PublishRequest("auth-topic", "let in".getBytes(StandardCharsets.UTF_8), "text/plain",
            Map.of()));
        assertThat(inbox.awaitTexts(Set.of("let in"), Duration.ofSeconds(15))).isTrue();
      }
    }
  }

  @Test
  @DisplayName("a wrong token fails init with a message that shows neither token")
  void wrongToken() {
    String wrong = "wr0ng-" + Long.toHexString(System.nanoTime());
    JetStreamPubSub pubSub = new JetStreamPubSub();
    assertThatThrownBy(() -> pubSub.init(metadata(wrong))).isInstanceOf(ComponentException.class)
        .hasMessageContaining("cannot connect to natsURL " + server.url())
        .hasMessageNotContaining(wrong).hasMessageNotContaining(TOKEN);
  }

  private ComponentMetadata metadata(String token) {
    return new ComponentMetadata("jetstream", JetStreamPubSub.TYPE, "v1", "app",
        Map.of("natsURL", server.url(), "token", token));
  }
}
