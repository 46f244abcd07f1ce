package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import io.jdaprd.spi.testkit.pubsub.PubSubConformance;
import io.jdaprd.spi.testkit.timing.Poll;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
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
 * The pub/sub conformance suite against a private redis-server that keeps its data across restarts, with redelivery
 * after 1 s, plus what is particular to pubsub.redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisPubSubTest extends PubSubConformance {
  private RedisServer server;
  private RedisClient rawClient;
  private StatefulRedisConnection<String, byte[]> rawConnection;
  private RedisCommands<String, byte[]> raw;

  @BeforeAll
  void startServer() throws Exception {
    server = RedisServer.startDurable();
    rawClient = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
    rawConnection = rawClient.connect(RedisLink.CODEC);
    raw = rawConnection.sync();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (rawConnection != null) {
      rawConnection.close();
      rawClient.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected PubSub createPubSub(ComponentMetadata metadata) {
    return new RedisPubSub();
  }

  @Override
  protected Map<String, String> pubSubMetadata() {
    return Map.of("redisHost", server.address(), "redeliverInterval", "1s", "processingTimeout", "1s");
  }

  @Override
  protected String pubSubType() {
    return RedisPubSub.TYPE;
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
  @DisplayName("reports DURABLE only: daprd's Redis Streams pub/sub has no native message TTL")
  void reportsDaprFeatures() {
    assertThat(pubSub().features()).containsExactly(PubSubFeature.DURABLE);
  }

  @Test
  @SuppressWarnings("unchecked")
  @DisplayName("without consumerID the consumer group is the app id, created from the start of the stream")
  void consumerGroupDefaultsToAppId() throws Exception {
    String topic = topic("default-group");
    publish(topic, "before the group existed");
    Inbox inbox = new Inbox();
    pubSub().subscribe(new SubscribeRequest(topic, Map.of()), inbox);
    assertAllDelivered(inbox, Set.of("before the group existed"),
        "Dapr: the group starts at id 0, so it also gets what the stream held before it was created");
    try (StatefulRedisConnection<String, String> text = rawClient.connect()) {
      List<Object> groups = text.sync().xinfoGroups(topic);
      assertThat(groups).as("XINFO GROUPS: one group").hasSize(1);
      assertThat((List<Object>) groups.get(0)).as("XINFO GROUPS names the app id's group")
          .containsSubsequence("name", APP_ID);
    }
  }

  @Test
  @DisplayName("at most `concurrency` handlers of one subscription run at once")
  void concurrencyBoundsHandlers() throws Exception {
    PubSub limited = new RedisPubSub();
    limited.init(new ComponentMetadata(COMPONENT_NAME, RedisPubSub.TYPE, "v1", APP_ID,
        Map.of("redisHost", server.address(), "concurrency", "3")));
    try {
      String topic = topic("bounded");
      AtomicInteger running = new AtomicInteger();
      AtomicInteger highest = new AtomicInteger();
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(12);
      limited.subscribe(new SubscribeRequest(topic, Map.of("consumerID", consumerId("bounded"))), message -> {
        highest.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          release.await(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
          running.decrementAndGet();
          done.countDown();
        }
      });
      for (int i = 0; i < 12; i++) {
        limited.publish(textRequest(topic, "m-" + i, Map.of()));
      }
      try {
        Poll.await("3 handlers running at once", DELIVERY_TIMEOUT, () -> running.get() >= 3);
        // A bound that leaks starts a fourth handler while three are held: give it the time to.
        Thread.sleep(300);
        assertThat(running.get()).as("handlers running while 3 are held, with concurrency 3").isEqualTo(3);
      } finally {
        release.countDown();
      }
      assertThat(done.await(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(highest.get()).as("handlers running at once, with concurrency 3").isEqualTo(3);
    } finally {
      limited.close();
    }
  }

  @Test
  @DisplayName("a subscription recreates its consumer group when Redis lost it, and goes on delivering")
  void recreatesLostGroup() throws Exception {
    String topic = topic("lost-group");
    Inbox inbox = new Inbox();
    subscribe(topic, consumerId("reader"), inbox);
    publish(topic, "first");
    assertAllDelivered(inbox, Set.of("first"), "an open subscription receives messages");
    raw.del(topic);
    Poll.until(DELIVERY_TIMEOUT, () -> raw.exists(topic) == 1);
    assertThat(raw.exists(topic)).as("the group (and with MKSTREAM its stream) was created again").isOne();
    publish(topic, "second");
    assertAllDelivered(inbox, Set.of("second"), "Dapr: after NOGROUP the group is recreated and reading resumes");
  }

  @Test
  @DisplayName("an acknowledged message leaves nothing pending; a failed one stays pending until it succeeds")
  void acknowledgementIsXack() throws Exception {
    String topic = topic("pending");
    String group = consumerId("acks");
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch checked = new CountDownLatch(1);
    Inbox inbox = new Inbox(message -> {
      if (attempts.incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt fails on purpose");
      }
      checked.await(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    });
    subscribe(topic, group, inbox);
    publish(topic, "once failed");
    try {
      assertThat(inbox.awaitAttempts(2, DELIVERY_TIMEOUT)).as("the failed entry is delivered again").isTrue();
      assertThat(raw.xpending(topic, group).getCount()).as("the failed entry is pending").isOne();
    } finally {
      checked.countDown();
    }
    assertThat(inbox.awaitDeliveries(1, DELIVERY_TIMEOUT)).isTrue();
    assertThat(Poll.until(DELIVERY_TIMEOUT, () -> raw.xpending(topic, group).getCount() == 0))
        .as("XACK after the handler returned").isTrue();
    List<StreamMessage<String, byte[]>> entries = raw.xrange(topic, io.lettuce.core.Range.unbounded());
    assertThat(entries).as("acknowledging does not delete the entry (Dapr does not XDEL)").hasSize(1);
  }

  @Test
  @DisplayName("after close(), publish and subscribe fail with a message naming the component")
  void closedComponentRefuses() throws Exception {
    PubSub closing = openPubSub();
    closing.close();
    assertThatThrownBy(() -> closing.publish(textRequest(topic("closed"), "x", Map.of())))
        .isInstanceOf(PubSubException.class).hasMessageContaining("redis pubsub " + COMPONENT_NAME)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> closing.subscribe(new SubscribeRequest(topic("closed"), Map.of()), new Inbox()))
        .isInstanceOf(PubSubException.class).hasMessageContaining("closed");
  }
}
