package io.jdaprd.components.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JWT authentication ({@code jwt} and {@code seedKey}) against a private nats-server in operator mode, whose one
 * account has JetStream: the operator, account and user are made by the test ({@link OperatorMode}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JetStreamJwtTest {
  private OperatorMode auth;
  private Path configDir;
  private NatsServer server;

  @BeforeAll
  void startServer() throws Exception {
    auth = OperatorMode.create();
    configDir = Files.createTempDirectory("jdaprd-nats-jwt-");
    server = NatsServer.start("-c", auth.writeServerConfig(configDir).toString());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    if (configDir != null) {
      PrivateServer.deleteTree(configDir);
    }
  }

  @Test
  @DisplayName("with the user's JWT and seed the component publishes and subscribes through JetStream")
  void rightCredentials() throws Exception {
    try (JetStreamPubSub pubSub = new JetStreamPubSub()) {
      pubSub.init(metadata(auth.userJwt(), auth.userSeed()));
      Inbox inbox = new Inbox();
      try (Subscription ignored = pubSub.subscribe(new SubscribeRequest("jwt-topic", Map.of()), inbox)) {
        pubSub.publish(new PublishRequest("jwt-topic", "signed in".getBytes(StandardCharsets.UTF_8), "text/plain",
            Map.of()));
        assertThat(inbox.awaitTexts(Set.of("signed in"), Duration.ofSeconds(15))).isTrue();
      }
    }
  }

  @Test
  @DisplayName("a seed that does not match the JWT fails init with the server's refusal and shows no credential")
  void wrongSeed() throws Exception {
    String stranger = OperatorMode.strangerSeed();
    JetStreamPubSub pubSub = new JetStreamPubSub();
    assertThatThrownBy(() -> pubSub.init(metadata(auth.userJwt(), stranger))).isInstanceOf(ComponentException.class)
        .hasMessageContaining("cannot connect to natsURL " + server.url())
        .hasMessageContaining("Authorization Violation")
        .hasMessageNotContaining(stranger).hasMessageNotContaining(auth.userSeed())
        .hasMessageNotContaining(auth.userJwt());
  }

  @Test
  @DisplayName("without credentials the operator-mode server refuses the component")
  void noCredentials() {
    JetStreamPubSub pubSub = new JetStreamPubSub();
    assertThatThrownBy(() -> pubSub.init(new ComponentMetadata("jetstream", JetStreamPubSub.TYPE, "v1", "app",
        Map.of("natsURL", server.url())))).isInstanceOf(ComponentException.class)
        .hasMessageContaining("cannot connect to natsURL " + server.url());
  }

  private ComponentMetadata metadata(String jwt, String seed) {
    return new ComponentMetadata("jetstream", JetStreamPubSub.TYPE, "v1", "app",
        Map.of("natsURL", server.url(), "jwt", jwt, "seedKey", seed));
  }
}
