package io.jdaprd.components.inmemory;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@code pubsub.in-memory} does beyond the conformance suite: its queues, settings, wildcards and order. */
class InMemoryPubSubBehaviourTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<InMemoryPubSub> opened = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void closeAll() {
    release.countDown();
    opened.forEach(InMemoryPubSub::close);
  }

  private InMemoryPubSub open(Map<String, String> properties) throws ComponentException {
    InMemoryPubSub pubSub = new InMemoryPubSub();
    pubSub.init(new ComponentMetadata("pubsub", InMemoryPubSub.TYPE, "v1", "orders-app", properties));
    opened.add(pubSub);
    return pubSub;
  }

  private static PublishRequest text(String topic, String text) {
    return new PublishRequest(topic, text.getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
  }

  private static SubscribeRequest subscription(String topic, Map<String, String> metadata) {
    return new SubscribeRequest(topic, metadata);
  }

  /** An inbox whose handler blocks on {@link #release} for the message {@code blocking}. */
  private Inbox blockingOn(String blocking, CountDownLatch entered) {
    return new Inbox(message -> {
      if (Inbox.text(message).equals(blocking)) {
        entered.countDown();
        release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    });
  }

  @Test
  @DisplayName("reports only SUBSCRIBE_WILDCARDS, as Dapr's in-memory bus")
  void features() throws Exception {
    assertThat(open(Map.of()).features()).containsExactly(PubSubFeature.SUBSCRIBE_WILDCARDS);
  }

  @Test
  @DisplayName("with concurrency 1 a subscriber sees messages in publish order")
  void keepsPublishOrder() throws Exception {
    InMemoryPubSub pubSub = open(Map.of());
    Inbox inbox = new Inbox();
    pubSub.subscribe(subscription("orders", Map.of()), inbox);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      sent.add("m-" + i);
      pubSub.publish(text("orders", "m-" + i));
    }
    assertThat(inbox.awaitDeliveries(sent.size(), WAIT)).isTrue();
    assertThat(inbox.texts()).as("one delivery thread takes the queue in order").containsExactlyElementsOf(sent);
  }

  @Test
  @DisplayName("publish returns while a handler is still busy: delivery runs on the subscription's own threads")
  void publishDoesNotWaitForHandlers() throws Exception {
    InMemoryPubSub pubSub = open(Map.of());
    CountDownLatch entered = new CountDownLatch(1);
    Inbox inbox = blockingOn("first", entered);
    pubSub.subscribe(subscription("orders", Map.of()), inbox);
    pubSub.publish(text("orders", "first"));
    assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 50; i++) {
      pubSub.publish(text("orders", "queued-" + i));
    }
    assertThat(inbox.deliveries()).as("nothing finished while the first handler is blocked").isEmpty();
    release.countDown();
    assertThat(inbox.awaitDeliveries(51, WAIT)).isTrue();
  }

  @Test
  @DisplayName("a full queue makes publish wait publishTimeout, then fail naming queueDepth")
  void fullQueueRefusesPublish() throws Exception {
    InMemoryPubSub pubSub = open(Map.of("queueDepth", "2", "publishTimeout", "100ms"));
    CountDownLatch entered = new CountDownLatch(1);
    pubSub.subscribe(subscription("orders", Map.of()), blockingOn("in-flight", entered));
    pubSub.publish(text("orders", "in-flight"));
    assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    pubSub.publish(text("orders", "queued-1"));
    pubSub.publish(text("orders", "queued-2"));
    assertThatThrownBy(() -> pubSub.publish(text("orders", "one too many")))
        .isInstanceOf(PubSubException.class)
        .hasMessageContaining("topic orders")
        .hasMessageContaining("queueDepth: 2");
    release.countDown();
  }

  @Test
  @DisplayName("concurrency lets several handler calls of one subscription run at once")
  void concurrencyRunsHandlersTogether() throws Exception {
    InMemoryPubSub pubSub = open(Map.of("concurrency", "2"));
    CountDownLatch bothInFlight = new CountDownLatch(3);
    pubSub.subscribe(subscription("orders", Map.of("concurrency", "3")), message -> {
      bothInFlight.countDown();
      release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
    });
    for (int i = 0; i < 3; i++) {
      pubSub.publish(text("orders", "m-" + i));
    }
    assertThat(bothInFlight.await(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the subscription's concurrency (3) overrides the component's (2): three handlers in flight").isTrue();
  }

  @Test
  @DisplayName("subscriptions without consumerID use the app id, and compete with one that names it")
  void defaultConsumerIdIsTheAppId() throws Exception {
    InMemoryPubSub pubSub = open(Map.of());
    Inbox together = new Inbox();
    pubSub.subscribe(subscription("orders", Map.of()), new Inbox(together));
    pubSub.subscribe(subscription("orders", Map.of("consumerid", "orders-app")), new Inbox(together));
    Inbox other = new Inbox();
    pubSub.subscribe(subscription("orders", Map.of("consumerID", "billing")), other);
    for (int i = 0; i < 10; i++) {
      pubSub.publish(text("orders", "m-" + i));
    }
    assertThat(other.awaitDeliveries(10, WAIT)).isTrue();
    assertThat(together.awaitDeliveries(10, WAIT)).isTrue();
    assertThat(together.textCounts().values()).as("one group: each message once").containsOnly(1).hasSize(10);
  }

  @Test
  @DisplayName("the component's consumerID is the default for its subscriptions")
  void componentConsumerId() throws Exception {
    InMemoryPubSub pubSub = open(Map.of("consumerID", "shared"));
    Inbox together = new Inbox();
    pubSub.subscribe(subscription("orders", Map.of()), new Inbox(together));
    pubSub.subscribe(subscription("orders", Map.of("consumerID", "shared")), new Inbox(together));
    for (int i = 0; i < 10; i++) {
      pubSub.publish(text("orders", "m-" + i));
    }
    assertThat(together.awaitDeliveries(10, WAIT)).isTrue();
    Thread.sleep(200);
    assertThat(together.deliveries()).as("one group: each message once").hasSize(10);
  }

  @Test
  @DisplayName("a topic ending in * receives the topics that extend its prefix, as Dapr's bus")
  void wildcardSubscriptions() throws Exception {
    InMemoryPubSub pubSub = open(Map.of());
    Inbox inbox = new Inbox();
    pubSub.subscribe(subscription("orders.*", Map.of()), inbox);
    pubSub.publish(text("orders.", "the bare prefix"));
    pubSub.publish(text("invoices.created", "another prefix"));
    pubSub.publish(text("orders.created", "created"));
    pubSub.publish(text("orders.*", "the pattern itself"));
    assertThat(inbox.awaitTexts(Set.of("created", "the pattern itself"), WAIT)).isTrue();
    Thread.sleep(200);
    assertThat(inbox.texts()).containsExactly("created", "the pattern itself");
    assertThat(inbox.deliveries().get(0).topic()).as("a message names the topic it was published to")
        .isEqualTo("orders.created");
    assertThat(InMemoryPubSub.matches("a*", "a")).isFalse();
    assertThat(InMemoryPubSub.matches("a*", "ab")).isTrue();
    assertThat(InMemoryPubSub.matches("a", "ab")).isFalse();
  }

  @Test
  @DisplayName("a message published with nobody subscribed is gone; publish metadata reaches the handler")
  void noPersistence() throws Exception {
    InMemoryPubSub pubSub = open(Map.of());
    pubSub.publish(text("orders", "lost"));
    Inbox inbox = new Inbox();
    pubSub.subscribe(subscription("orders", Map.of()), inbox);
    pubSub.publish(new PublishRequest("orders", "kept".getBytes(StandardCharsets.UTF_8), "text/plain",
        Map.of("rawPayload", "true")));
    assertThat(inbox.awaitDeliveries(1, WAIT)).isTrue();
    Thread.sleep(200);
    assertThat(inbox.texts()).containsExactly("kept");
    assertThat(inbox.deliveries().get(0).metadata()).containsEntry("rawPayload", "true");
    assertThat(inbox.deliveries().get(0).contentType()).isEqualTo("text/plain");
  }

  @Test
  @DisplayName("the published bytes are copied: changing the array afterwards changes nothing delivered")
  void publishCopiesBytes() throws Exception {
    InMemoryPubSub pubSub = open(Map.of());
    CountDownLatch entered = new CountDownLatch(1);
    Inbox inbox = blockingOn("first", entered);
    pubSub.subscribe(subscription("orders", Map.of()), inbox);
    pubSub.publish(text("orders", "first"));
    assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    byte[] data = "second".getBytes(StandardCharsets.UTF_8);
    pubSub.publish(new PublishRequest("orders", data, "text/plain", Map.of()));
    data[0] = 'X';
    release.countDown();
    assertThat(inbox.awaitDeliveries(2, WAIT)).isTrue();
    assertThat(inbox.texts()).containsExactly("first", "second");
  }

  @Test
  @DisplayName("messages queued at a closing subscriber go to the other members of its consumer group")
  void closingHandsQueuedMessagesToTheGroup() throws Exception {
    InMemoryPubSub pubSub = open(Map.of("closeTimeout", "100ms"));
    CountDownLatch entered = new CountDownLatch(1);
    Inbox leaving = blockingOn("m-0", entered);
    Inbox staying = new Inbox();
    Subscription left = pubSub.subscribe(subscription("orders", Map.of()), leaving);
    pubSub.subscribe(subscription("orders", Map.of()), staying);
    pubSub.publish(text("orders", "m-0"));
    assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i < 10; i++) {
      pubSub.publish(text("orders", "m-" + i));
    }
    left.close();
    release.countDown();
    assertThat(staying.awaitDeliveries(9, WAIT))
        .as("the 4 messages queued at the closed member are handed to the staying one").isTrue();
    assertThat(leaving.awaitDeliveries(1, WAIT)).as("the handler in flight still finishes").isTrue();
    Set<String> all = new java.util.HashSet<>(staying.texts());
    all.addAll(leaving.texts());
    assertThat(all).hasSize(10);
    assertThat(staying.deliveries().size() + leaving.deliveries().size()).isEqualTo(10);
  }

  @Test
  @DisplayName("a handler that throws is logged, its message dropped, and delivery goes on")
  void failingHandlerDropsTheMessage() throws Exception {
    InMemoryPubSub pubSub = open(Map.of());
    Inbox inbox = new Inbox(message -> {
      if (Inbox.text(message).equals("bad")) {
        throw new IllegalStateException("rejected on purpose");
      }
    });
    pubSub.subscribe(subscription("orders", Map.of()), inbox);
    pubSub.publish(text("orders", "bad"));
    pubSub.publish(text("orders", "good"));
    assertThat(inbox.awaitDeliveries(1, WAIT)).isTrue();
    Thread.sleep(200);
    assertThat(inbox.attempts()).extracting(Inbox::text).as("no redelivery").containsExactly("bad", "good");
  }

  @Test
  @DisplayName("after close(), publish, subscribe and check() fail and subscriptions are closed")
  void closedComponent() throws Exception {
    InMemoryPubSub pubSub = open(Map.of());
    Inbox inbox = new Inbox();
    pubSub.subscribe(subscription("orders", Map.of()), inbox);
    pubSub.close();
    assertThatThrownBy(() -> pubSub.publish(text("orders", "late"))).isInstanceOf(PubSubException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> pubSub.subscribe(subscription("orders", Map.of()), inbox))
        .isInstanceOf(PubSubException.class);
    assertThatThrownBy(pubSub::check).isInstanceOf(PubSubException.class);
    assertThat(inbox.attempts()).isEmpty();
  }

  @Test
  @DisplayName("bad settings are refused, naming the value and what is expected")
  void badSettings() throws Exception {
    assertThatThrownBy(() -> open(Map.of("queueDepth", "lots")))
        .isInstanceOf(ComponentException.class).hasMessageContaining("queueDepth: lots (expected: an integer)");
    assertThatThrownBy(() -> open(Map.of("concurrency", "0")))
        .hasMessageContaining("concurrency: 0 (expected: an integer of at least 1)");
    assertThatThrownBy(() -> open(Map.of("publishTimeout", "soon")))
        .hasMessageContaining("publishTimeout: soon (expected: a duration");
    InMemoryPubSub pubSub = open(Map.of());
    assertThatThrownBy(() -> pubSub.subscribe(subscription("orders", Map.of("concurrency", "-2")), new Inbox()))
        .isInstanceOf(PubSubException.class)
        .hasMessage("subscription metadata concurrency: -2 (expected: an integer of at least 1)");
    assertThatThrownBy(() -> pubSub.publish(text("", "x"))).isInstanceOf(PubSubException.class)
        .hasMessage("topic: '' (expected: a topic name)");
  }
}
