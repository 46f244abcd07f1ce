package io.jdaprd.spi.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the pub/sub checks need from the suite that runs them: the broker client under test, topic names and consumer
 * ids that no other test uses, subscriptions that are closed after the test, and shorthands for publishing and
 * waiting. {@link PubSubConformance} implements it; the check interfaces extend it.
 */
public interface PubSubFixture {

  /** The subscription metadata key that names the consumer group. */
  String CONSUMER_ID = "consumerID";
  /** The content type of the text messages the checks publish. */
  String TEXT_PLAIN = "text/plain";
  /** How long any message may take to arrive when nothing goes wrong. */
  Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);
  /**
   * How long a check watches for something that must not happen (a late duplicate, a delivery after close) once
   * everything it waited for has arrived.
   */
  Duration QUIET_PERIOD = Duration.ofMillis(500);

  /** The broker client under test: initialized, fresh for every test, closed after it. */
  PubSub pubSub();

  /** A topic name that only the running test uses, ending with {@code name}. */
  String topic(String name);

  /** A consumer id that only the running test uses, ending with {@code name}. */
  String consumerId(String name);

  /**
   * Subscribes {@code handler} to {@code topic} in the consumer group {@code consumerId} on {@link #pubSub()}; the
   * suite closes the subscription after the test if the check did not.
   */
  Subscription subscribe(String topic, String consumerId, MessageHandler handler) throws PubSubException;

  /** How long the broker may take to deliver an unacknowledged message again. */
  Duration redeliveryWait();

  /**
   * Stops the broker and starts it again on the same address, keeping its data; skips the running test (with a
   * {@code TestAbortedException}) when the suite cannot restart its broker.
   */
  void restartBrokerKeepingData() throws Exception;

  /** The UTF-8 bytes of {@code text}. */
  default byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Skips the running test unless the broker reports {@code feature}. */
  default void assumeFeature(PubSubFeature feature) {
    assumeTrue(pubSub().features().contains(feature),
        () -> "the broker does not report " + feature + "; Dapr only promises this behaviour to brokers that do");
  }

  /** A publish of {@code text} as {@code text/plain} with {@code metadata}. */
  default PublishRequest textRequest(String topic, String text, Map<String, String> metadata) {
    return new PublishRequest(topic, utf8(text), TEXT_PLAIN, metadata);
  }

  /** Publishes {@code text} to {@code topic} as {@code text/plain}, without metadata. */
  default void publish(String topic, String text) throws PubSubException {
    pubSub().publish(textRequest(topic, text, Map.of()));
  }

  /** Publishes {@code count} texts {@code prefix-0 .. prefix-(count-1)} one after the other; returns them. */
  default Set<String> publishNumbered(String topic, String prefix, int count) throws PubSubException {
    Set<String> texts = numbered(prefix, count);
    for (String t : texts) {
      publish(topic, t);
    }
    return texts;
  }

  /** The texts {@code prefix-0 .. prefix-(count-1)}, in order. */
  default Set<String> numbered(String prefix, int count) {
    Set<String> texts = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      texts.add(prefix + "-" + i);
    }
    return texts;
  }

  /**
   * Asserts that {@code inbox} gets every text of {@code expected} within {@link #DELIVERY_TIMEOUT}, naming the
   * missing ones otherwise.
   */
  default void assertAllDelivered(Inbox inbox, Set<String> expected, String daprBehaviour)
      throws InterruptedException {
    boolean arrived = inbox.awaitTexts(expected, DELIVERY_TIMEOUT);
    if (!arrived) {
      Set<String> missing = new LinkedHashSet<>(expected);
      missing.removeAll(inbox.textCounts().keySet());
      assertThat(missing)
          .as("%s: %d of %d messages not delivered within %s", daprBehaviour, missing.size(), expected.size(),
              DELIVERY_TIMEOUT)
          .isEmpty();
    }
  }

  /** Asserts that no text of {@code counts} appears more than once. */
  default void assertNoDuplicates(Map<String, Integer> counts, String daprBehaviour) {
    assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
        .as("%s: messages delivered more than once", daprBehaviour)
        .isEmpty();
  }

  /**
   * Asserts that {@code actual} are exactly the bytes of {@code expected}, reporting the first difference instead of
   * printing a large payload.
   */
  default void assertSameBytes(Message actual, byte[] expected, String daprBehaviour) {
    byte[] data = actual.data();
    assertThat(data).as(daprBehaviour).isNotNull();
    if (expected.length <= 256) {
      assertThat(data).as(daprBehaviour).isEqualTo(expected);
      return;
    }
    int at = java.util.Arrays.mismatch(data, expected);
    assertThat(at)
        .as("%s: %d bytes delivered, %d published, first difference at index %d", daprBehaviour, data.length,
            expected.length, at)
        .isEqualTo(-1);
  }

  /** The subscription metadata that puts a subscriber in {@code consumerId}'s group. */
  default SubscribeRequest subscribeRequest(String topic, String consumerId) {
    return new SubscribeRequest(topic, Map.of(CONSUMER_ID, consumerId));
  }
}
