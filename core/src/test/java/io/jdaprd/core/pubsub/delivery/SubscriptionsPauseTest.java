package io.jdaprd.core.pubsub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.inmemory.InMemoryPubSub;
import io.jdaprd.core.pubsub.CloudEvents;
import io.jdaprd.core.pubsub.PubSubs;
import io.jdaprd.core.pubsub.TopicScopes;
import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PublishRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app's subscriptions paused while the app is unhealthy and resumed after, on the real in-memory broker (which
 * drops what has no subscriber): nothing is taken while paused, deliveries go on after, streaming subscriptions are
 * not paused.
 */
class SubscriptionsPauseTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private InMemoryPubSub broker;
  private Subscriptions subscriptions;

  @BeforeEach
  void open() throws Exception {
    broker = new InMemoryPubSub();
    broker.init(new ComponentMetadata("pubsub", InMemoryPubSub.TYPE, "v1", "app", Map.of()));
    PubSubs pubsubs = new PubSubs(List.of(new PubSubs.Entry("pubsub", broker, TopicScopes.of(Map.of(), "app"),
        Map.of())));
    subscriptions = new Subscriptions(pubsubs, new Deliveries.DeadLetterTopic(), DeliveryPolicies.fallbackOnly());
  }

  @AfterEach
  void close() {
    subscriptions.close();
    broker.close();
  }

  @Test
  void pausedAppSubscriptionsTakeNothingAndResumeWhereTheyWere() throws Exception {
    Deliveries.ScriptedTarget app = new Deliveries.ScriptedTarget(EventReply.SUCCESS);
    TopicSubscription orders = subscription("orders", "/orders");
    subscriptions.start(List.of(orders), app);
    publish("orders", "1");
    awaitDelivered(app, 1);

    subscriptions.pauseApp();
    assertThat(subscriptions.appPaused()).isTrue();
    assertThat(subscriptions.active()).isEmpty();
    assertThat(subscriptions.listed()).as("the metadata API still lists it").containsExactly(orders);
    publish("orders", "2");
    Thread.sleep(200);
    assertThat(ids(app)).containsExactly("1");

    subscriptions.pauseApp();
    subscriptions.resumeApp();
    assertThat(subscriptions.appPaused()).isFalse();
    assertThat(subscriptions.active()).containsExactly(orders);
    publish("orders", "3");
    awaitDelivered(app, 2);
    assertThat(ids(app)).containsExactly("1", "3");
    subscriptions.resumeApp();
    assertThat(subscriptions.active()).as("resuming twice opens nothing twice").containsExactly(orders);
  }

  @Test
  void streamingSubscriptionsAreNotPaused() throws Exception {
    Deliveries.ScriptedTarget app = new Deliveries.ScriptedTarget(EventReply.SUCCESS);
    Deliveries.ScriptedTarget stream = new Deliveries.ScriptedTarget(EventReply.SUCCESS);
    subscriptions.start(List.of(subscription("orders", "/orders")), app);
    try (AutoCloseable ignored = subscriptions.openStream(subscription("audit", ""), stream)) {
      subscriptions.pauseApp();
      publish("audit", "a1");
      publish("orders", "o1");
      awaitDelivered(stream, 1);
      Thread.sleep(200);
      assertThat(app.delivered).isEmpty();
    }
  }

  @Test
  void pauseBeforeStartAndResumeAfterCloseDoNothing() throws Exception {
    Deliveries.ScriptedTarget app = new Deliveries.ScriptedTarget(EventReply.SUCCESS);
    subscriptions.pauseApp();
    assertThat(subscriptions.appPaused()).isFalse();
    subscriptions.start(List.of(subscription("orders", "/orders")), app);
    subscriptions.pauseApp();
    subscriptions.close();
    subscriptions.resumeApp();
    assertThat(subscriptions.active()).isEmpty();
    assertThat(subscriptions.listed()).isEmpty();
  }

  private static TopicSubscription subscription(String topic, String path) {
    return new TopicSubscription("pubsub", topic, List.of(), path, Map.of(), "", BulkSubscribeSpec.OFF,
        TopicSubscription.Source.DECLARATIVE);
  }

  private void publish(String topic, String id) throws Exception {
    String json = "{\"id\":\"" + id + "\",\"source\":\"shop\",\"type\":\"order\",\"specversion\":\"1.0\","
        + "\"datacontenttype\":\"application/json\",\"data\":{}}";
    broker.publish(new PublishRequest(topic, json.getBytes(StandardCharsets.UTF_8), CloudEvents.CONTENT_TYPE,
        Map.of()));
  }

  private static List<String> ids(Deliveries.ScriptedTarget target) {
    return target.delivered.stream().map(d -> String.valueOf(d.cloudEvent().get("id"))).toList();
  }

  private static void awaitDelivered(Deliveries.ScriptedTarget target, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (target.delivered.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(target.delivered).hasSize(count);
  }
}
