package io.jdaprd.spi.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.jdaprd.spi.pubsub.BulkPublishFailure;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.PublishRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every broker does, whatever its features: exact bytes, publish without subscribers, every message once,
 * topic isolation, fan-out across consumer groups, competition within one, bulk publish and {@code check()}.
 */
public interface PubSubDeliveryChecks extends PubSubFixture {

  /** Payloads whose bytes must survive the broker exactly, with the content type they are published with. */
  static Stream<Arguments> roundTripPayloads() {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    byte[] random256KiB = new byte[256 * 1024];
    new Random(20240601L).nextBytes(random256KiB);
    return Stream.of(
        Arguments.of("UTF-8 text with 4-byte characters", "тема 主题 📨".getBytes(StandardCharsets.UTF_8),
            "text/plain"),
        Arguments.of("a CloudEvent envelope", ("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"app\","
            + "\"type\":\"com.dapr.event.sent\",\"data\":{\"n\":1}}").getBytes(StandardCharsets.UTF_8),
            "application/cloudevents+json"),
        Arguments.of("every byte value", everyByte, "application/octet-stream"),
        Arguments.of("256 KiB of random bytes", random256KiB, "application/octet-stream"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("roundTripPayloads")
  @DisplayName("a published message is delivered with exactly its bytes")
  default void bytesRoundTrip(String description, byte[] payload, String contentType) throws Exception {
    String topic = topic("round-trip");
    Inbox inbox = new Inbox();
    subscribe(topic, consumerId("reader"), inbox);
    pubSub().publish(new PublishRequest(topic, payload, contentType, Map.of()));
    assertThat(inbox.awaitDeliveries(1, DELIVERY_TIMEOUT))
        .as("Dapr: a message published to a topic is delivered to its subscriber (%s) within %s", description,
            DELIVERY_TIMEOUT)
        .isTrue();
    Message delivered = inbox.deliveries().get(0);
    assertSameBytes(delivered, payload, "Dapr: the broker delivers the published bytes unchanged (" + description
        + ")");
    assertThat(delivered.topic()).as("Dapr: a delivered message names the topic it was published to")
        .isEqualTo(topic);
    if (delivered.contentType() != null) {
      assertThat(delivered.contentType())
          .as("Dapr: a broker that keeps the content type returns the one published").isEqualTo(contentType);
    }
  }

  @Test
  @DisplayName("publishing to a topic nobody subscribes to succeeds")
  default void publishWithoutSubscriber() {
    String topic = topic("unheard");
    assertThatCode(() -> publish(topic, "nobody listens"))
        .as("Dapr: publish succeeds (HTTP 204) whether or not anyone subscribes to the topic")
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("200 messages are each delivered exactly once when no handler fails")
  default void everyMessageOnce() throws Exception {
    String topic = topic("two-hundred");
    Inbox inbox = new Inbox();
    subscribe(topic, consumerId("reader"), inbox);
    Set<String> sent = publishNumbered(topic, "m", 200);
    assertAllDelivered(inbox, sent, "Dapr: every accepted message reaches the subscriber");
    Thread.sleep(QUIET_PERIOD.toMillis());
    assertNoDuplicates(inbox.textCounts(),
        "Dapr: a message whose handler succeeded is acknowledged and not delivered again");
    assertThat(inbox.textCounts().keySet()).as("Dapr: the subscriber gets only what was published to its topic")
        .isEqualTo(sent);
  }

  @Test
  @DisplayName("a subscriber of one topic never sees another topic's messages")
  default void topicsAreIsolated() throws Exception {
    String topicA = topic("isolated-a");
    String topicB = topic("isolated-b");
    String consumer = consumerId("app");
    Inbox inboxA = new Inbox();
    Inbox inboxB = new Inbox();
    subscribe(topicA, consumer, inboxA);
    subscribe(topicB, consumer, inboxB);
    Set<String> sentA = publishNumbered(topicA, "a", 10);
    Set<String> sentB = publishNumbered(topicB, "b", 10);
    assertAllDelivered(inboxA, sentA, "Dapr: one consumer id subscribes to several topics, each gets its messages");
    assertAllDelivered(inboxB, sentB, "Dapr: one consumer id subscribes to several topics, each gets its messages");
    Thread.sleep(QUIET_PERIOD.toMillis());
    assertThat(inboxA.textCounts().keySet()).as("Dapr: the subscriber of %s sees only its topic's messages", topicA)
        .isEqualTo(sentA);
    assertThat(inboxB.textCounts().keySet()).as("Dapr: the subscriber of %s sees only its topic's messages", topicB)
        .isEqualTo(sentB);
    assertThat(inboxA.deliveries()).extracting(Message::topic)
        .as("Dapr: delivered messages name their topic").containsOnly(topicA);
  }

  @Test
  @DisplayName("subscribers with different consumer ids each receive every message")
  default void fanOutAcrossConsumerGroups() throws Exception {
    String topic = topic("fan-out");
    Inbox first = new Inbox();
    Inbox second = new Inbox();
    subscribe(topic, consumerId("app-one"), first);
    subscribe(topic, consumerId("app-two"), second);
    Set<String> sent = publishNumbered(topic, "m", 20);
    assertAllDelivered(first, sent, "Dapr: each app id (consumer group) gets a copy of every message");
    assertAllDelivered(second, sent, "Dapr: each app id (consumer group) gets a copy of every message");
    Thread.sleep(QUIET_PERIOD.toMillis());
    assertNoDuplicates(first.textCounts(), "Dapr: each consumer group gets each message once when no handler fails");
    assertNoDuplicates(second.textCounts(), "Dapr: each consumer group gets each message once when no handler fails");
  }

  @Test
  @DisplayName("subscribers sharing a consumer id together receive every message exactly once")
  default void competingConsumers() throws Exception {
    String topic = topic("compete");
    String consumer = consumerId("replicas");
    Inbox together = new Inbox();
    Inbox first = new Inbox(together);
    Inbox second = new Inbox(together);
    subscribe(topic, consumer, first);
    subscribe(topic, consumer, second);
    Set<String> sent = publishNumbered(topic, "m", 100);
    assertAllDelivered(together, sent, "Dapr: replicas of one app (one consumer id) together get every message");
    Thread.sleep(QUIET_PERIOD.toMillis());
    assertNoDuplicates(together.textCounts(),
        "Dapr: replicas of one app compete: each message goes to one of them, once when no handler fails");
    assertThat(first.deliveries().size() + second.deliveries().size())
        .as("Dapr: replicas of one app compete; deliveries to the first (%d) and the second (%d) add up to the"
            + " messages published", first.deliveries().size(), second.deliveries().size())
        .isEqualTo(sent.size());
  }

  @Test
  @DisplayName("bulk publish accepts every entry and each is delivered")
  default void bulkPublish() throws Exception {
    String topic = topic("bulk");
    Inbox inbox = new Inbox();
    subscribe(topic, consumerId("reader"), inbox);
    Set<String> texts = numbered("bulk", 25);
    List<PublishRequest> entries = new ArrayList<>();
    int entry = 0;
    for (String text : texts) {
      entries.add(new PublishRequest(topic, utf8(text), TEXT_PLAIN, Map.of(), "entry-" + entry++));
    }
    List<BulkPublishFailure> failures = pubSub().bulkPublish(entries);
    assertThat(failures).as("Dapr: bulk publish reports no failed entries when the broker accepts all (HTTP 204)")
        .isEmpty();
    assertAllDelivered(inbox, texts, "Dapr: every entry of a bulk publish is delivered as its own message");
  }

  @Test
  @DisplayName("check() succeeds against a running broker")
  default void checkSucceeds() {
    assertThatCode(() -> pubSub().check())
        .as("Dapr: the component's health check passes while its broker runs").doesNotThrowAnyException();
  }
}
