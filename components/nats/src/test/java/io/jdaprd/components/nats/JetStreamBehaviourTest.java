package io.jdaprd.components.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What is particular to pubsub.jetstream: streams, consumers, Dapr's metadata at work, and its faults. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JetStreamBehaviourTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  /**
   * How much earlier than its backOff delay a redelivery may come: none in principle (the delay starts when the
   * failed delivery is negatively acknowledged, after its handler ran), a little for timer rounding.
   */
  private static final Duration BACKOFF_EARLY = Duration.ofMillis(50);
  /**
   * How much later than expected a redelivery may come on a loaded 2-core machine. Less than the difference of the
   * expected gaps, so that each gap tells which delay the server applied.
   */
  private static final Duration BACKOFF_LATE = Duration.ofMillis(1000);

  private NatsServer server;
  private Connection admin;
  private JetStreamManagement management;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final String unique = UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  void startServer() throws Exception {
    server = NatsServer.start();
    admin = Nats.connect(server.url());
    management = admin.jetStreamManagement();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeOpened() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
  }

  @Test
  @DisplayName("a topic no stream covers gets a file-storage stream named after it")
  void createsFileStream() throws Exception {
    JetStreamPubSub pubSub = open(Map.of());
    String topic = "created-" + unique;
    publish(pubSub, topic, "one");
    StreamInfo info = management.getStreamInfo(topic);
    assertThat(info.getConfiguration().getStorageType()).isEqualTo(StorageType.File);
    assertThat(info.getConfiguration().getSubjects()).containsExactly(topic);
    assertThat(info.getStreamState().getMsgCount()).isEqualTo(1);
    management.deleteStream(topic);
    publish(pubSub, topic, "two");
    assertThat(management.getStreamInfo(topic).getStreamState().getMsgCount())
        .as("a stream deleted behind the component's back is created again on the next publish").isEqualTo(1);
  }

  @Test
  @DisplayName("a stream that already covers the topic is used, as daprd does")
  void usesCoveringStream() throws Exception {
    String stream = "ORDERS_" + unique;
    management.addStream(StreamConfiguration.builder().name(stream).subjects("orders-" + unique + ".>")
        .storageType(StorageType.Memory).build());
    JetStreamPubSub pubSub = open(Map.of());
    String topic = "orders-" + unique + ".created";
    Inbox inbox = new Inbox();
    track(pubSub.subscribe(request(topic, "reader"), inbox));
    publish(pubSub, topic, "covered");
    assertThat(inbox.awaitTexts(Set.of("covered"), WAIT)).isTrue();
    assertThat(inbox.deliveries().get(0).metadata()).containsEntry("Topic", topic);
    assertThat(management.getStreamNames(topic)).containsExactly(stream);
    assertThat(management.getConsumerNames(stream)).hasSize(1);
  }

  @Test
  @DisplayName("streamName: the named stream is created and each topic joins its subjects")
  void namedStreamCollectsTopics() throws Exception {
    String stream = "DAPR_" + unique;
    JetStreamPubSub pubSub = open(Map.of("streamName", stream));
    publish(pubSub, "first-" + unique, "a");
    publish(pubSub, "second-" + unique, "b");
    StreamInfo info = management.getStreamInfo(stream);
    assertThat(info.getConfiguration().getSubjects()).containsExactlyInAnyOrder("first-" + unique,
        "second-" + unique);
    assertThat(info.getStreamState().getMsgCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("streamName naming another stream than the one that covers the topic is refused clearly")
  void namedStreamConflict() throws Exception {
    String topic = "taken-" + unique;
    management.addStream(StreamConfiguration.builder().name("OWNER_" + unique).subjects(topic)
        .storageType(StorageType.Memory).build());
    JetStreamPubSub pubSub = open(Map.of("streamName", "OTHER_" + unique));
    assertThatThrownBy(() -> publish(pubSub, topic, "x")).isInstanceOf(PubSubException.class)
        .hasMessageContaining("streamName: OTHER_" + unique + " (expected: OWNER_" + unique
            + ", the stream whose subjects already cover topic " + topic + ")");
  }

  @Test
  @DisplayName("the consumer is durable, named after the consumer id, and survives close()")
  void durableConsumerSurvivesClose() throws Exception {
    JetStreamPubSub pubSub = open(Map.of());
    String topic = "durable-" + unique;
    Subscription subscription = pubSub.subscribe(request(topic, "billing"), new Inbox());
    subscription.close();
    subscription.close();
    assertThat(management.getConsumerNames(topic)).containsExactly("billing__" + topic);
    assertThat(management.getConsumerInfo(topic, "billing__" + topic).getConsumerConfiguration().getDeliverGroup())
        .isEqualTo("billing__" + topic);
  }

  @Test
  @DisplayName("durableName and queueGroupName, when set, name the consumer and the queue group")
  void explicitNames() throws Exception {
    JetStreamPubSub pubSub = open(Map.of("durableName", "fixed-" + unique, "queueGroupName", "workers"));
    String topic = "named-" + unique;
    Inbox inbox = new Inbox();
    track(pubSub.subscribe(request(topic, "ignored"), inbox));
    publish(pubSub, topic, "hello");
    assertThat(inbox.awaitTexts(Set.of("hello"), WAIT)).isTrue();
    var config = management.getConsumerInfo(topic, "fixed-" + unique).getConsumerConfiguration();
    assertThat(config.getDeliverGroup()).isEqualTo("workers");
  }

  @Test
  @DisplayName("the content type travels with the message; a CloudEvent id deduplicates, as in daprd")
  void contentTypeAndDeduplication() throws Exception {
    JetStreamPubSub pubSub = open(Map.of());
    String topic = "dedup-" + unique;
    Inbox inbox = new Inbox();
    track(pubSub.subscribe(request(topic, "reader"), inbox));
    byte[] event = ("{\"specversion\":\"1.0\",\"id\":\"evt-" + unique + "\",\"data\":1}")
        .getBytes(StandardCharsets.UTF_8);
    pubSub.publish(new PublishRequest(topic, event, "application/cloudevents+json", Map.of()));
    pubSub.publish(new PublishRequest(topic, event, "application/cloudevents+json", Map.of()));
    publish(pubSub, topic, "after");
    assertThat(inbox.awaitTexts(Set.of("after"), WAIT)).isTrue();
    assertThat(inbox.deliveries()).hasSize(2);
    assertThat(inbox.deliveries().get(0).contentType()).isEqualTo("application/cloudevents+json");
    assertThat(management.getStreamInfo(topic).getStreamState().getMsgCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("maxDeliver bounds the deliveries of a message whose handler keeps failing; backOff spaces them")
  void maxDeliverAndBackOff() throws Exception {
    List<Duration> backOff = List.of(Duration.ofMillis(400), Duration.ofMillis(1600));
    JetStreamPubSub pubSub = open(Map.of("maxDeliver", "3", "backOff", "400ms,1600ms"));
    String topic = "poison-" + unique;
    List<Long> attemptNanos = Collections.synchronizedList(new ArrayList<>());
    Inbox failing = new Inbox(message -> {
      attemptNanos.add(System.nanoTime());
      throw new IllegalStateException("handler failure");
    });
    track(pubSub.subscribe(request(topic, "reader"), failing));
    publish(pubSub, topic, "poison");
    assertThat(failing.awaitAttempts(3, WAIT)).isTrue();
    Thread.sleep(serverRedeliveryDelay(backOff, 3).plus(BACKOFF_LATE).toMillis());
    assertThat(failing.attempts()).as("maxDeliver 3: three deliveries, then the server gives up").hasSize(3);
    for (int i = 0; i < backOff.size(); i++) {
      Duration gap = Duration.ofNanos(attemptNanos.get(i + 1) - attemptNanos.get(i));
      Duration expected = serverRedeliveryDelay(backOff, i + 1);
      assertThat(gap)
          .as("backOff: delivery %d follows the failed delivery %d after %s (backOff delay %s; at most %s early,"
              + " %s late)", i + 2, i + 1, expected, backOff.get(i), BACKOFF_EARLY, BACKOFF_LATE)
          .isBetween(expected.minus(BACKOFF_EARLY), expected.plus(BACKOFF_LATE));
    }
  }

  /**
   * How long the NATS server waits before delivering again a message whose {@code delivery}-th (1-based) delivery
   * failed. The component answers the failure with a negative acknowledgement delayed by that delivery's backOff
   * delay {@code d}, on a consumer that has the backOff list too (so its ack wait is {@code backOff[0]}). The server
   * (nats-server {@code consumer.go}, {@code processNak}) then dates the pending message {@code now - ackWait + d}
   * and redelivers it once it is older than the backOff delay of its delivery count: after
   * {@code d + backOff[delivery-1] - backOff[0]}. That is the backOff delay itself for the first redelivery, and
   * {@code 2 * d - backOff[0]} for the later ones.
   */
  private static Duration serverRedeliveryDelay(List<Duration> backOff, int delivery) {
    Duration d = backOff.get(Math.min(delivery, backOff.size()) - 1);
    return d.multipliedBy(2).minus(backOff.getFirst());
  }

  @Test
  @DisplayName("concurrency=parallel runs handlers at once; single runs one at a time")
  void concurrencyModes() throws Exception {
    String topic = "parallel-" + unique;
    JetStreamPubSub parallel = open(Map.of("concurrency", "parallel"));
    CountDownLatch bothRunning = new CountDownLatch(2);
    Inbox together = new Inbox(message -> {
      bothRunning.countDown();
      if (!bothRunning.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other handler never ran at the same time");
      }
    });
    track(parallel.subscribe(request(topic, "reader"), together));
    publish(parallel, topic, "p-1");
    publish(parallel, topic, "p-2");
    assertThat(together.awaitTexts(Set.of("p-1", "p-2"), WAIT)).isTrue();
    assertThat(together.attempts()).hasSize(2);

    String singleTopic = "single-" + unique;
    JetStreamPubSub single = open(Map.of());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Inbox oneByOne = new Inbox(message -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      Thread.sleep(20);
      running.decrementAndGet();
    });
    track(single.subscribe(request(singleTopic, "reader"), oneByOne));
    for (int i = 0; i < 10; i++) {
      publish(single, singleTopic, "s-" + i);
    }
    assertThat(oneByOne.awaitDeliveries(10, WAIT)).isTrue();
    assertThat(most.get()).isEqualTo(1);
  }

  @Test
  @DisplayName("flowControl with heartbeat: delivery works, and a second subscriber of the group is refused")
  void flowControlIsExclusive() throws Exception {
    JetStreamPubSub pubSub = open(Map.of("flowControl", "true", "heartbeat", "1s"));
    String topic = "flow-" + unique;
    Inbox inbox = new Inbox();
    track(pubSub.subscribe(request(topic, "reader"), inbox));
    publish(pubSub, topic, "flows");
    assertThat(inbox.awaitTexts(Set.of("flows"), WAIT)).isTrue();
    assertThatThrownBy(() -> pubSub.subscribe(request(topic, "reader"), new Inbox()))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("cannot subscribe to topic " + topic)
        .hasMessageContaining("a consumer group takes one subscriber at a time");
  }

  @Test
  @DisplayName("ackPolicy=none and memoryStorage are not DURABLE")
  void notDurableSettings() throws Exception {
    assertThat(open(Map.of("ackPolicy", "none")).features()).doesNotContain(PubSubFeature.DURABLE);
    assertThat(open(Map.of("memoryStorage", "true")).features()).doesNotContain(PubSubFeature.DURABLE);
    assertThat(open(Map.of()).features()).containsExactly(PubSubFeature.DURABLE);
  }

  @Test
  @DisplayName("no server at natsURL, or a bad seed: init fails naming the problem and no credential")
  void initFailures() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    JetStreamPubSub nowhere = new JetStreamPubSub();
    assertThatThrownBy(() -> nowhere.init(metadata(Map.of("natsURL", "nats://u:pw-secret@127.0.0.1:"
        + closedPort))))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("cannot connect to natsURL nats://u:****@127.0.0.1:" + closedPort)
        .hasMessageNotContaining("pw-secret");
    JetStreamPubSub badSeed = new JetStreamPubSub();
    assertThatThrownBy(() -> badSeed.init(metadata(Map.of("natsURL", server.url(), "jwt", "eyJ.x.y",
        "seedKey", "SUnot-a-seed"))))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("metadata seedKey: (set) (expected: an NKey user seed")
        .hasMessageNotContaining("SUnot-a-seed");
  }

  @Test
  @DisplayName("a memory-storage consumer lost in a server restart is recreated and delivery resumes")
  void recreatesLostConsumer() throws Exception {
    JetStreamPubSub pubSub = open(Map.of("memoryStorage", "true", "deliverPolicy", "new"));
    String topic = "lost-" + unique;
    Inbox inbox = new Inbox();
    track(pubSub.subscribe(request(topic, "reader"), inbox));
    publish(pubSub, topic, "before");
    assertThat(inbox.awaitTexts(Set.of("before"), WAIT)).isTrue();
    server.restart();
    long deadline = System.nanoTime() + WAIT.toNanos();
    boolean published = false;
    int attempt = 0;
    while (!published && System.nanoTime() < deadline) {
      try {
        if (!management.getConsumerNames(topic).isEmpty()) {
          publish(pubSub, topic, "after-" + attempt);
          published = inbox.await(in -> in.texts().stream().anyMatch(t -> t.startsWith("after-")),
              Duration.ofSeconds(2));
        }
      } catch (Exception e) {
        Thread.sleep(200);
      }
      attempt++;
    }
    assertThat(published).as("a message published after the restart reaches the open subscription").isTrue();
    pubSub.check();
  }

  @Test
  @DisplayName("check() fails while the server is down and passes again once the client reconnected")
  void checkFollowsTheConnection() throws Exception {
    JetStreamPubSub pubSub = open(Map.of());
    pubSub.check();
    server.stop();
    try {
      long deadline = System.nanoTime() + WAIT.toNanos();
      boolean failed = false;
      while (!failed && System.nanoTime() < deadline) {
        try {
          pubSub.check();
          Thread.sleep(50);
        } catch (PubSubException e) {
          failed = true;
          assertThat(e.getMessage()).contains("not connected to natsURL " + server.url());
        }
      }
      assertThat(failed).isTrue();
    } finally {
      server.restart();
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        pubSub.check();
        return;
      } catch (PubSubException e) {
        Thread.sleep(100);
      }
    }
    pubSub.check();
  }

  private JetStreamPubSub open(Map<String, String> extra) throws Exception {
    JetStreamPubSub pubSub = new JetStreamPubSub();
    pubSub.init(metadata(extra));
    opened.add(pubSub);
    return pubSub;
  }

  private ComponentMetadata metadata(Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>();
    properties.put("natsURL", server.url());
    properties.put("ackWait", "1s");
    properties.putAll(extra);
    return new ComponentMetadata("jetstream", JetStreamPubSub.TYPE, "v1", "app", properties);
  }

  private void track(Subscription subscription) {
    opened.add(subscription);
  }

  private SubscribeRequest request(String topic, String consumerId) {
    return new SubscribeRequest(topic, Map.of("consumerID", consumerId));
  }

  private static void publish(JetStreamPubSub pubSub, String topic, String text) throws PubSubException {
    pubSub.publish(new PublishRequest(topic, text.getBytes(StandardCharsets.UTF_8), "text/plain", Map.of()));
  }
}
