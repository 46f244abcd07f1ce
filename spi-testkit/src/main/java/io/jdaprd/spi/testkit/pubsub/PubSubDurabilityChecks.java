package io.jdaprd.spi.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.Subscription;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a durable broker keeps: messages published while a consumer group has no open subscription, messages across
 * a broker restart (with the client recovering by itself), and, for brokers with native TTL, nothing that expired.
 * The expiry part of the TTL check needs {@link PubSubFeature#DURABLE} too: it publishes while the consumer group
 * has no open subscription, so the group must outlive its subscriptions (for example a RabbitMQ queue that is not
 * deleted when unused). The restart check needs {@link PubSubFeature#DURABLE} as well: a broker that keeps nothing
 * across a restart (or, like {@code pubsub.in-memory}, has no broker of its own to restart) is skipped, saying so.
 */
public interface PubSubDurabilityChecks extends PubSubFixture {

  /** The publish metadata key of a message's time to live. */
  String TTL = "ttlInSeconds";
  /** How many messages the restart check publishes. */
  int RESTART_MESSAGES = 200;
  /** How long the restart check retries one publish while the broker is away. */
  Duration PUBLISH_RETRY_TIMEOUT = Duration.ofSeconds(60);
  /** How long the client may take to deliver everything after the broker came back. */
  Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
  /** How long the restart check waits for its publisher to stop when the restart itself failed or was skipped. */
  Duration CLOSE_WAIT = Duration.ofSeconds(5);

  @Test
  @DisplayName("DURABLE: messages published while no subscription is open wait for their consumer group")
  default void messagesWaitForTheirConsumerGroup() throws Exception {
    assumeFeature(PubSubFeature.DURABLE);
    String topic = topic("offline");
    String consumer = consumerId("returning");
    joinAndLeave(topic, consumer);
    Set<String> sent = publishNumbered(topic, "while-away", 5);
    Inbox inbox = new Inbox();
    subscribe(topic, consumer, inbox);
    assertAllDelivered(inbox, sent, "Dapr: a durable broker keeps messages for a consumer group whose subscribers"
        + " are all away, and delivers them when one subscribes again with the same consumer id");
  }

  @Test
  @DisplayName("MESSAGE_TTL: a message with ttlInSeconds is delivered in time and discarded once expired")
  default void expiredMessageIsNotDelivered() throws Exception {
    assumeFeature(PubSubFeature.MESSAGE_TTL);
    String topic = topic("ttl");
    String consumer = consumerId("late");
    Inbox live = new Inbox();
    Subscription subscription = subscribe(topic, consumer, live);
    pubSub().publish(textRequest(topic, "fresh", Map.of(TTL, "60")));
    assertAllDelivered(live, Set.of("fresh"), "Dapr: a message with a TTL is delivered while it has not expired");
    subscription.close();
    assumeTrue(pubSub().features().contains(PubSubFeature.DURABLE), "the broker does not report DURABLE: messages"
        + " published while no subscription is open are not kept, so expiry cannot be told from loss");
    pubSub().publish(textRequest(topic, "expiring", Map.of(TTL, "1")));
    publish(topic, "kept");
    Thread.sleep(3000);
    Inbox late = new Inbox();
    subscribe(topic, consumer, late);
    assertAllDelivered(late, Set.of("kept"),
        "Dapr: a message without a TTL waits for its consumer group (control for the expiry check)");
    Thread.sleep(QUIET_PERIOD.toMillis());
    assertThat(late.attempts()).extracting(Inbox::text)
        .as("Dapr: a broker with native message TTL discards a message whose ttlInSeconds (1) passed before it"
            + " was delivered")
        .doesNotContain("expiring");
  }

  @Test
  @DisplayName("DURABLE: every message accepted around a broker restart is delivered, and the client recovers")
  default void survivesBrokerRestart() throws Exception {
    assumeTrue(pubSub().features().contains(PubSubFeature.DURABLE), "nothing to restart: the broker does not report"
        + " DURABLE, so it keeps no messages across a restart (pubsub.in-memory lives inside the sidecar: its"
        + " broker is the sidecar itself)");
    String topic = topic("restart");
    Inbox inbox = new Inbox();
    subscribe(topic, consumerId("steadfast"), inbox);
    publish(topic, "warm-up");
    assertAllDelivered(inbox, Set.of("warm-up"), "Dapr: an open subscription receives messages");

    Set<String> accepted = ConcurrentHashMap.newKeySet();
    CountDownLatch halfSent = new CountDownLatch(RESTART_MESSAGES / 4);
    CountDownLatch restarted = new CountDownLatch(1);
    AtomicReference<Throwable> publisherFailure = new AtomicReference<>();
    Thread publisher = Thread.ofVirtual().name("conformance-publisher").start(() -> {
      try {
        for (int i = 0; i < RESTART_MESSAGES; i++) {
          if (i == RESTART_MESSAGES / 2) {
            restarted.await(RECOVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          }
          String text = "m-" + i;
          publishUntilAccepted(topic, text);
          accepted.add(text);
          halfSent.countDown();
          Thread.sleep(10);
        }
      } catch (Throwable t) {
        publisherFailure.set(t);
      }
    });
    try {
      assertThat(halfSent.await(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .as("the first %d publishes are accepted before the restart", RESTART_MESSAGES / 4).isTrue();
      restartBrokerKeepingData();
    } catch (Throwable t) {
      publisher.interrupt();
      publisher.join(CLOSE_WAIT);
      throw t;
    } finally {
      restarted.countDown();
    }
    assertThat(publisher.join(PUBLISH_RETRY_TIMEOUT.multipliedBy(2)))
        .as("the publisher finishes").isTrue();
    assertThat(publisherFailure.get())
        .as("Dapr: once the broker is back, the same client accepts publishes again (it reconnects by itself)")
        .isNull();
    boolean all = inbox.awaitTexts(accepted, RECOVERY_TIMEOUT);
    if (!all) {
      Set<String> missing = new LinkedHashSet<>(accepted);
      missing.removeAll(inbox.textCounts().keySet());
      assertThat(missing)
          .as("Dapr: every accepted message is delivered at least once after a broker restart, on the subscription"
              + " opened before it (the client resumes it by itself); %d of %d missing after %s", missing.size(),
              accepted.size(), RECOVERY_TIMEOUT)
          .isEmpty();
    }
  }

  /** Opens and closes a subscription of {@code consumer} so that its consumer group exists on the broker. */
  private void joinAndLeave(String topic, String consumer) throws Exception {
    Inbox first = new Inbox();
    Subscription subscription = subscribe(topic, consumer, first);
    publish(topic, "join");
    assertAllDelivered(first, Set.of("join"), "Dapr: an open subscription receives messages");
    subscription.close();
  }

  /** Publishes {@code text}, retrying while the broker refuses, for at most {@link #PUBLISH_RETRY_TIMEOUT}. */
  private void publishUntilAccepted(String topic, String text) throws Exception {
    long deadline = System.nanoTime() + PUBLISH_RETRY_TIMEOUT.toNanos();
    while (true) {
      try {
        publish(topic, text);
        return;
      } catch (PubSubException e) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("Dapr: a publish is accepted again once the broker is back; " + text
              + " was refused for " + PUBLISH_RETRY_TIMEOUT + ": " + e.getMessage(), e);
        }
        Thread.sleep(100);
      }
    }
  }
}
