package io.jdaprd.components.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import io.jdaprd.spi.testkit.pubsub.PubSubConformance;
import io.jdaprd.spi.testkit.timing.Poll;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pub/sub conformance suite against a private RabbitMQ node, configured to be durable (durable exchanges and
 * queues kept when unused, persistent messages, requeue on failure, publisher confirms), plus what is particular to
 * pubsub.rabbitmq: the features it reports and how it fails while the broker is away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RabbitMqPubSubTest extends PubSubConformance {
  private RabbitMqServer server;

  @BeforeAll
  void startServer() throws Exception {
    server = RabbitMqServer.start();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected PubSub createPubSub(ComponentMetadata metadata) {
    return new RabbitMqPubSub();
  }

  @Override
  protected Map<String, String> pubSubMetadata() {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("connectionString", server.connectionString());
    metadata.put("durable", "true");
    metadata.put("deletedWhenUnused", "false");
    metadata.put("deliveryMode", "2");
    metadata.put("requeueInFailure", "true");
    metadata.put("publisherConfirm", "true");
    metadata.put("reconnectWaitSeconds", "1");
    return metadata;
  }

  @Override
  protected String pubSubType() {
    return RabbitMqPubSub.TYPE;
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
  @DisplayName("with durable settings the component reports DURABLE and MESSAGE_TTL")
  void reportsDurableAndTtl() {
    assertThat(pubSub().features()).containsExactlyInAnyOrder(PubSubFeature.DURABLE, PubSubFeature.MESSAGE_TTL);
  }

  @Test
  @DisplayName("with Dapr's defaults the component reports MESSAGE_TTL only")
  void defaultsAreNotDurable() throws Exception {
    try (RabbitMqPubSub plain = new RabbitMqPubSub()) {
      plain.init(new ComponentMetadata("plain", RabbitMqPubSub.TYPE, "v1", APP_ID,
          Map.of("connectionString", server.connectionString())));
      assertThat(plain.features()).containsExactly(PubSubFeature.MESSAGE_TTL);
    }
  }

  @Test
  @DisplayName("while the broker is away, publish and check fail naming the component and broker, then recover")
  void failsWhileBrokerIsAwayThenRecovers() throws Exception {
    String topic = topic("outage");
    Inbox inbox = new Inbox();
    subscribe(topic, consumerId("patient"), inbox);
    server.stop();
    try {
      assertThatThrownBy(() -> publish(topic, "lost"))
          .isInstanceOf(PubSubException.class)
          .hasMessageContaining("component " + COMPONENT_NAME + " (pubsub.rabbitmq)")
          .hasMessageContaining("127.0.0.1:" + server.port())
          .hasMessageNotContaining("guest:guest");
      assertThatThrownBy(() -> pubSub().check())
          .hasMessageContaining("not connected to the broker at amqp://guest:****@127.0.0.1:" + server.port());
    } finally {
      server.restart();
    }
    publishAfterRecovery(topic, "after-outage");
    assertThat(inbox.awaitTexts(Set.of("after-outage"), DELIVERY_TIMEOUT))
        .as("the subscription opened before the outage is resumed by the component").isTrue();
    pubSub().check();
  }

  @Test
  @DisplayName("concurrencyMode single calls one handler at a time; parallel calls several at once")
  void concurrencyModes() throws Exception {
    assertThat(mostHandlersAtOnce("single", 1)).isEqualTo(1);
    assertThat(mostHandlersAtOnce("parallel", 2)).isGreaterThan(1);
  }

  /**
   * Publishes 6 messages to a subscription whose handler holds each until released; waits until {@code held}
   * handlers run at once, leaves time for more to start, releases them, and returns the most calls seen at once.
   */
  private int mostHandlersAtOnce(String mode, int held) throws Exception {
    Map<String, String> metadata = new HashMap<>(pubSubMetadata());
    metadata.put("concurrencyMode", mode);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    try (RabbitMqPubSub pubSub = new RabbitMqPubSub()) {
      pubSub.init(new ComponentMetadata(COMPONENT_NAME, RabbitMqPubSub.TYPE, "v1", APP_ID, metadata));
      String topic = topic("concurrency-" + mode);
      Inbox inbox = new Inbox(message -> {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          release.await(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
          running.decrementAndGet();
        }
      });
      pubSub.subscribe(new SubscribeRequest(topic, Map.of("consumerID", consumerId(mode))), inbox);
      for (int i = 0; i < 6; i++) {
        pubSub.publish(new PublishRequest(topic, utf8("m-" + i), TEXT_PLAIN, Map.of()));
      }
      try {
        Poll.await(held + " handlers held at once (" + mode + ")", DELIVERY_TIMEOUT, () -> running.get() >= held);
        // More handlers than the mode allows would start now: give them the time to.
        Thread.sleep(300);
      } finally {
        release.countDown();
      }
      assertThat(inbox.awaitDeliveries(6, DELIVERY_TIMEOUT)).isTrue();
    }
    return most.get();
  }

  private void publishAfterRecovery(String topic, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        publish(topic, text);
        return;
      } catch (PubSubException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
