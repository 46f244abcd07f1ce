package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Losing Redis: clear errors without the password while it is away, and everything resumes when it is back. */
class RedisPubSubFaultTest {
  private static final String PASSWORD = "PubSub-Fault-Pa55word-42";
  private static final String NAME = "faulty-pubsub";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private RedisServer server;
  private RedisPubSub pubSub;

  @AfterEach
  void cleanUp() throws Exception {
    if (pubSub != null) {
      pubSub.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("while Redis is away publish and check fail naming the component and address; then both recover")
  void failsClearlyAndRecovers() throws Exception {
    server = RedisServer.startDurable("--requirepass", PASSWORD);
    pubSub = open(PASSWORD);
    Inbox inbox = new Inbox();
    pubSub.subscribe(new SubscribeRequest("orders", Map.of()), inbox);
    pubSub.publish(request("before"));
    assertThat(inbox.awaitTexts(Set.of("before"), WAIT)).isTrue();

    server.stop();
    assertThatThrownBy(() -> pubSub.publish(request("while away")))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("redis pubsub " + NAME)
        .hasMessageContaining(server.address())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    assertThatThrownBy(() -> pubSub.check()).isInstanceOf(PubSubException.class).hasMessageContaining(NAME);
    assertThatThrownBy(() -> pubSub.subscribe(new SubscribeRequest("other", Map.of()), new Inbox()))
        .as("the SPI: a subscription the broker cannot take is refused").isInstanceOf(PubSubException.class)
        .hasMessageContaining(NAME);

    server.restart();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        pubSub.publish(request("after"));
        break;
      } catch (PubSubException e) {
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
        assertThat(System.nanoTime() - deadline).as("publish accepted again within %s", WAIT).isNegative();
        Thread.sleep(100);
      }
    }
    assertThat(inbox.awaitTexts(Set.of("after"), WAIT))
        .as("the subscription opened before the outage resumes by itself").isTrue();
    pubSub.check();
  }

  @Test
  @DisplayName("a wrong password fails init with WRONGPASS, naming the component and hiding the password")
  void wrongPassword() throws Exception {
    server = RedisServer.start("--requirepass", PASSWORD);
    assertThatThrownBy(() -> open("not-" + PASSWORD))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("redis pubsub " + NAME)
        .hasMessageContaining("WRONGPASS")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
  }

  private RedisPubSub open(String password) throws Exception {
    RedisPubSub opened = new RedisPubSub();
    opened.init(new ComponentMetadata(NAME, RedisPubSub.TYPE, "v1", "app", Map.of("redisHost", server.address(),
        "redisPassword", password, "redeliverInterval", "1s", "processingTimeout", "1s")));
    return opened;
  }

  private static PublishRequest request(String text) {
    return new PublishRequest("orders", text.getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
  }
}
