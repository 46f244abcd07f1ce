package io.jdaprd.components.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Delivery per partition against a private broker, on topics of two partitions: partitions are delivered in
 * parallel, each in offset order, and a partition's committed offset never passes a message its handler has not
 * taken. No check depends on timing: a handler held at a gate shows what goes on meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaPartitionDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private KafkaServer server;
  private Admin admin;

  @BeforeAll
  void startServer() throws Exception {
    server = KafkaServer.start();
    admin = Admin.create(Map.of("bootstrap.servers", server.brokers()));
  }

  @AfterAll
  void stopServer() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private KafkaPubSub open() throws Exception {
    KafkaPubSub pubSub = new KafkaPubSub();
    pubSub.init(new ComponentMetadata("kafka", KafkaPubSub.TYPE, "v1", "app", Map.of("brokers", server.brokers(),
        "authType", "none", "heartbeatInterval", "300ms", "consumeRetryInterval", "100ms")));
    return pubSub;
  }

  private String twoPartitionTopic() throws Exception {
    String topic = "partitions-" + UUID.randomUUID();
    admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    return topic;
  }

  private static void publish(KafkaPubSub pubSub, String topic, int partition, String text) throws Exception {
    pubSub.publish(new PublishRequest(topic, text.getBytes(StandardCharsets.UTF_8), "text/plain",
        Map.of("partitionNumber", Integer.toString(partition))));
  }

  private static String text(Message m) {
    return new String(m.data(), StandardCharsets.UTF_8);
  }

  private static boolean await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  private static List<String> numbered(String prefix, int from, int to) {
    List<String> texts = new ArrayList<>();
    for (int i = from; i < to; i++) {
      texts.add(prefix + i);
    }
    return texts;
  }

  @Test
  void partitionsAreDeliveredInParallelEachInOrder() throws Exception {
    String topic = twoPartitionTopic();
    Map<Integer, List<String>> delivered = new ConcurrentHashMap<>();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    try (KafkaPubSub pubSub = open()) {
      Subscription subscription = pubSub.subscribe(new SubscribeRequest(topic, Map.of("consumerID", "parallel")),
          m -> {
            if (text(m).equals("a0")) {
              held.countDown();
              // Longer than any wait below: a serial reader fails at the first check, not by the gate giving up.
              gate.await(3 * WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            delivered.computeIfAbsent(Integer.parseInt(m.metadata().get("__partition")),
                k -> new CopyOnWriteArrayList<>()).add(text(m));
          });
      try {
        publish(pubSub, topic, 0, "a0");
        assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("a0 reaches its handler").isTrue();
        for (String t : numbered("a", 1, 10)) {
          publish(pubSub, topic, 0, t);
        }
        for (String t : numbered("b", 0, 10)) {
          publish(pubSub, topic, 1, t);
        }
        assertThat(await(() -> delivered.getOrDefault(1, List.of()).size() == 10))
            .as("partition 1 is delivered while partition 0's handler is held; got %s", delivered).isTrue();
        assertThat(delivered.getOrDefault(0, List.of()))
            .as("nothing after a0 on partition 0 is delivered while a0's handler runs").isEmpty();
      } finally {
        gate.countDown();
      }
      assertThat(await(() -> delivered.getOrDefault(0, List.of()).size() == 10))
          .as("partition 0 goes on once a0 is handled; got %s", delivered).isTrue();
      assertThat(delivered.get(0)).as("partition 0 in offset order").containsExactlyElementsOf(numbered("a", 0, 10));
      assertThat(delivered.get(1)).as("partition 1 in offset order").containsExactlyElementsOf(numbered("b", 0, 10));
      subscription.close();
    }
  }

  @Test
  void aRefusedMessageHoldsOnlyItsOwnPartitionsCommit() throws Exception {
    String topic = twoPartitionTopic();
    String group = "commits-" + UUID.randomUUID();
    List<String> handled = new CopyOnWriteArrayList<>();
    try (KafkaPubSub pubSub = open()) {
      Subscription subscription = pubSub.subscribe(new SubscribeRequest(topic, Map.of("consumerID", group)), m -> {
        if (text(m).equals("refused")) {
          throw new IllegalStateException("refused on purpose");
        }
        handled.add(text(m));
      });
      publish(pubSub, topic, 0, "refused");
      for (String t : numbered("a", 1, 5)) {
        publish(pubSub, topic, 0, t);
      }
      for (String t : numbered("b", 0, 5)) {
        publish(pubSub, topic, 1, t);
      }
      assertThat(await(() -> handled.size() == 9)).as("every message but the refused one is handled: %s", handled)
          .isTrue();
      TopicPartition p0 = new TopicPartition(topic, 0);
      TopicPartition p1 = new TopicPartition(topic, 1);
      assertThat(await(() -> committed(group, p1) == 5)).as("partition 1's commit reaches its end").isTrue();
      subscription.close();
      assertThat(committed(group, p0))
          .as("partition 0's commit stays at the refused message (offset 0), before its handled successors")
          .isZero();
      assertThat(committed(group, p1)).isEqualTo(5);
    }
  }

  @Test
  void revokedPartitionsFinishTheirHandlersBeforeTheirCommit() throws Exception {
    String topic = twoPartitionTopic();
    String group = "rebalance-" + UUID.randomUUID();
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    CountDownLatch held = new CountDownLatch(2);
    CountDownLatch gate = new CountDownLatch(1);
    try (KafkaPubSub first = open(); KafkaPubSub second = open()) {
      Subscription a = first.subscribe(new SubscribeRequest(topic, Map.of("consumerID", group)), m -> {
        if (text(m).startsWith("held")) {
          held.countDown();
          gate.await(3 * WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        handled.merge(text(m), 1, Integer::sum);
      });
      publish(first, topic, 0, "held-0");
      publish(first, topic, 1, "held-1");
      assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("both partitions' handlers are held").isTrue();
      // A second member joins: the first must give up a partition while both its handlers are held.
      Thread joining = Thread.ofVirtual().start(() -> {
        try {
          second.subscribe(new SubscribeRequest(topic, Map.of("consumerID", group)),
              m -> handled.merge(text(m), 1, Integer::sum));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      try {
        assertThat(await(() -> rebalancing(group))).as("the group starts rebalancing").isTrue();
        Thread.sleep(1000); // lets the first member reach its revocation; the check below holds either way
      } finally {
        gate.countDown();
      }
      assertThat(joining.join(WAIT)).as("the second member gets its partitions").isTrue();
      publish(first, topic, 0, "after-0");
      publish(first, topic, 1, "after-1");
      assertThat(await(() -> handled.containsKey("after-0") && handled.containsKey("after-1")))
          .as("both partitions flow after the rebalance: %s", handled).isTrue();
      a.close();
      assertThat(handled).as("the held messages were handled before their partitions were committed and handed"
          + " over, so the new owner did not get them again").containsEntry("held-0", 1).containsEntry("held-1", 1);
    }
  }

  private boolean rebalancing(String group) {
    try {
      return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).groupState()
          == GroupState.PREPARING_REBALANCE;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The committed offset of {@code group} on {@code tp}, or -1. */
  private long committed(String group, TopicPartition tp) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      OffsetAndMetadata o = offsets.get(tp);
      return o == null ? -1 : o.offset();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
