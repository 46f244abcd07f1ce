package io.jdaprd.spi.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.Subscription;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What happens around the handler: a failing handler gets the message again on a durable broker and does not stop
 * later messages on any broker, and closing a subscription stops delivery, is idempotent and waits for handlers in
 * flight, which finish handling their messages.
 */
public interface PubSubAcknowledgementChecks extends PubSubFixture {

  /** How long {@link Subscription#close()} may take with a handler in flight, at most. */
  Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  @Test
  @DisplayName("DURABLE: a message whose handler threw is delivered again")
  default void failedMessageIsRedelivered() throws Exception {
    assumeFeature(PubSubFeature.DURABLE);
    String topic = topic("redeliver");
    AtomicBoolean failedOnce = new AtomicBoolean();
    Inbox inbox = new Inbox(message -> {
      if (failedOnce.compareAndSet(false, true)) {
        throw new IllegalStateException("conformance: the first attempt fails on purpose");
      }
    });
    subscribe(topic, consumerId("flaky"), inbox);
    publish(topic, "retry-me");
    Duration wait = DELIVERY_TIMEOUT.plus(redeliveryWait());
    assertThat(inbox.awaitDeliveries(1, wait))
        .as("Dapr: a durable broker delivers a message whose handler failed again (at least once), within the"
            + " redelivery timeout (%s); attempts so far: %d", redeliveryWait(), inbox.attempts().size())
        .isTrue();
    assertThat(inbox.texts()).as("Dapr: the redelivered message has the same payload").containsExactly("retry-me");
    assertThat(inbox.attempts()).as("Dapr: the failed attempt came first, then the redelivery").hasSizeGreaterThan(1);
  }

  @Test
  @DisplayName("a handler that throws does not stop later messages")
  default void failureDoesNotStopLaterMessages() throws Exception {
    String topic = topic("poison");
    Inbox inbox = new Inbox(message -> {
      if (Inbox.text(message).equals("poison")) {
        throw new IllegalStateException("conformance: this message always fails on purpose");
      }
    });
    subscribe(topic, consumerId("reader"), inbox);
    publish(topic, "poison");
    Set<String> later = publishNumbered(topic, "after", 5);
    assertAllDelivered(inbox, later,
        "Dapr: a failing message is retried or dropped (pubsub.in-memory logs it), but later messages still flow");
    // Handlers may run concurrently (MQTT: one virtual thread per message): the poison's may start after the rest.
    assertThat(inbox.await(i -> i.attempts().stream().map(Inbox::text).anyMatch("poison"::equals), DELIVERY_TIMEOUT))
        .as("Dapr: the failing message was offered to the handler; attempts: %s",
            inbox.attempts().stream().map(Inbox::text).toList())
        .isTrue();
  }

  @Test
  @DisplayName("after close() returns the handler is not called any more, and close() is idempotent")
  default void closeStopsDelivery() throws Exception {
    String topic = topic("close");
    Inbox closing = new Inbox();
    Inbox control = new Inbox();
    Subscription closed = subscribe(topic, consumerId("leaving"), closing);
    subscribe(topic, consumerId("staying"), control);
    publish(topic, "before");
    assertAllDelivered(closing, Set.of("before"), "Dapr: an open subscription receives messages");
    assertAllDelivered(control, Set.of("before"), "Dapr: an open subscription receives messages");
    closed.close();
    int attemptsAtClose = closing.attempts().size();
    Set<String> after = publishNumbered(topic, "after", 5);
    assertAllDelivered(control, after, "Dapr: closing one subscription leaves the others of the topic running");
    Thread.sleep(QUIET_PERIOD.toMillis());
    assertThat(closing.attempts()).extracting(Inbox::text)
        .as("Dapr: once Subscription.close() returned, its handler is not called any more")
        .hasSize(attemptsAtClose)
        .doesNotContainAnyElementsOf(after);
    assertThatCode(closed::close).as("Dapr: closing a subscription again does nothing (idempotent)")
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("closing one of two competing subscribers leaves the other with every message")
  default void survivingCompetitorGetsEverything() throws Exception {
    String topic = topic("survivor");
    String consumer = consumerId("replicas");
    Inbox leaving = new Inbox();
    Inbox staying = new Inbox();
    Subscription left = subscribe(topic, consumer, leaving);
    subscribe(topic, consumer, staying);
    left.close();
    Set<String> sent = publishNumbered(topic, "m", 20);
    assertAllDelivered(staying, sent,
        "Dapr: when one replica of an app unsubscribes, the remaining one gets every new message");
    assertThat(leaving.attempts()).as("Dapr: a closed subscription gets nothing").isEmpty();
  }

  @Test
  @DisplayName("close() waits for a handler in flight, and its message is handled")
  default void closeWaitsForHandlerInFlight() throws Exception {
    String topic = topic("in-flight");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Inbox inbox = new Inbox(message -> {
      if (Inbox.text(message).equals("slow")) {
        entered.countDown();
        release.await(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    });
    Subscription subscription = subscribe(topic, consumerId("slow"), inbox);
    publish(topic, "slow");
    assertThat(entered.await(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("Dapr: the message reaches the handler").isTrue();
    Thread closer = Thread.ofVirtual().name("conformance-close").start(subscription::close);
    boolean returnedWhileHandling;
    try {
      returnedWhileHandling = closer.join(QUIET_PERIOD);
    } finally {
      release.countDown();
    }
    assertThat(returnedWhileHandling)
        .as("Dapr: Subscription.close() waits for the handlers in flight; it returned while the handler was still"
            + " running (it was blocked for %s)", QUIET_PERIOD)
        .isFalse();
    assertThat(closer.join(CLOSE_TIMEOUT))
        .as("Dapr: Subscription.close() returns once the handlers in flight finished (within %s here)",
            CLOSE_TIMEOUT)
        .isTrue();
    assertThat(inbox.texts())
        .as("Dapr: the handler that close() waited for finished normally: its message was handled")
        .containsExactly("slow");
  }
}
