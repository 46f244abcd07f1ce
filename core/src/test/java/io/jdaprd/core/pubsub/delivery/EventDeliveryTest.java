package io.jdaprd.core.pubsub.delivery;

import static io.jdaprd.core.pubsub.delivery.Deliveries.cloudEvent;
import static io.jdaprd.core.pubsub.delivery.Deliveries.incoming;
import static io.jdaprd.core.pubsub.delivery.Deliveries.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.core.resiliency.Policy;
import io.jdaprd.core.resiliency.RetrySpec;
import io.jdaprd.core.resiliency.StatusCodeMatch;
import io.jdaprd.core.resiliency.Ticker;
import io.jdaprd.core.pubsub.routing.RouteRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One event at a time: every reply outcome, retries and backoff, dead letters, expiry, hand-back on close. */
class EventDeliveryTest {
  /** Deliveries in all on a durable broker under {@link #fast}. */
  private static final int DURABLE_ATTEMPTS = 3;

  /** jdaprd's fallback delivery policy, 10 times faster. */
  private static Policy fast(boolean durable) {
    RetrySpec spec = new RetrySpec(RetrySpec.Kind.EXPONENTIAL, Duration.ZERO, Duration.ofMillis(20), 0, 2,
        Duration.ofMillis(50), Duration.ZERO, durable ? DURABLE_ATTEMPTS - 1 : -1, StatusCodeMatch.ALL);
    return new Policy("test", Duration.ZERO, spec, null, Ticker.SYSTEM);
  }

  private final Deliveries.DeadLetterTopic deadLetters = new Deliveries.DeadLetterTopic();

  private EventDelivery delivery(String deadLetterTopic, Deliveries.ScriptedTarget target, boolean durable,
      boolean closing) {
    return new EventDelivery(incoming(subscription(deadLetterTopic), deadLetters), target, fast(durable),
        () -> closing);
  }

  @Test
  void successIsDeliveredOnceToTheRoutePathWithTheCloudEvent() throws Exception {
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.SUCCESS);
    delivery("poison", target, true, false).handle(cloudEvent("1"));
    assertThat(target.delivered).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("/orders");
      assertThat(d.pubsubName()).isEqualTo("pubsub");
      assertThat(d.topic()).isEqualTo("orders");
      assertThat(d.cloudEvent()).containsEntry("id", "1");
      assertThat(d.metadata()).containsEntry("pubsubName", "pubsub");
    });
    assertThat(deadLetters.sent).isEmpty();
  }

  @Test
  void dropGoesToTheDeadLetterTopicWhenTheReplyAllowsIt() throws Exception {
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.drop("DROP", true));
    delivery("poison", target, true, false).handle(cloudEvent("1"));
    assertThat(target.delivered).hasSize(1);
    assertThat(deadLetters.sent).singleElement().asString().startsWith("pubsub/poison: {\"id\":\"1\"");
  }

  @Test
  void aDropThatMustNotBeDeadLetteredOrWithoutTopicIsJustAcknowledged() throws Exception {
    delivery("poison", new Deliveries.ScriptedTarget(EventReply.drop("Unimplemented", false)), true, false)
        .handle(cloudEvent("1"));
    delivery("", new Deliveries.ScriptedTarget(EventReply.drop("DROP", true)), true, false).handle(cloudEvent("2"));
    assertThat(deadLetters.sent).isEmpty();
  }

  @Test
  void retryIsRetriedWithBackoffUntilSuccess() throws Exception {
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.retry("500"),
        EventReply.retry("500"), EventReply.SUCCESS);
    delivery("poison", target, true, false).handle(cloudEvent("1"));
    assertThat(target.delivered).hasSize(3);
    assertThat(Duration.ofNanos(target.callTimes.get(1) - target.callTimes.get(0))).isGreaterThanOrEqualTo(
        Duration.ofMillis(20));
    assertThat(Duration.ofNanos(target.callTimes.get(2) - target.callTimes.get(1))).isGreaterThanOrEqualTo(
        Duration.ofMillis(40));
    assertThat(deadLetters.sent).isEmpty();
  }

  @Test
  void retriesExhaustedOnADurableBrokerGoToTheDeadLetterTopic() throws Exception {
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.retry("the app answered 500"));
    delivery("poison", target, true, false).handle(cloudEvent("1"));
    assertThat(target.delivered).hasSize(DURABLE_ATTEMPTS);
    assertThat(deadLetters.sent).singleElement().asString().startsWith("pubsub/poison: ");
  }

  @Test
  void retriesExhaustedWithoutDeadLetterTopicHandTheMessageBackToTheBroker() {
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.retry("the app answered 500"));
    assertThatThrownBy(() -> delivery("", target, true, false).handle(cloudEvent("1")))
        .hasMessageContaining("the app answered 500");
    assertThat(target.delivered).hasSize(DURABLE_ATTEMPTS);
  }

  @Test
  void aDeadLetterTopicThatFailsHandsTheMessageBackToTheBroker() {
    deadLetters.failing = true;
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.retry("500"));
    assertThatThrownBy(() -> delivery("poison", target, true, false).handle(cloudEvent("1")))
        .hasMessageContaining("500");
  }

  @Test
  void onABrokerThatCannotRedeliverRetriesGoOnPastTheDurableLimit() throws Exception {
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.retry("1"), EventReply.retry("2"),
        EventReply.retry("3"), EventReply.retry("4"), EventReply.SUCCESS);
    delivery("poison", target, false, false).handle(cloudEvent("1"));
    assertThat(target.delivered).hasSize(5);
    assertThat(deadLetters.sent).isEmpty();
  }

  @Test
  void whileClosingARetryIsHandedBackNotDeadLettered() {
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.retry("app stopping"));
    assertThatThrownBy(() -> delivery("poison", target, true, true).handle(cloudEvent("1")))
        .hasMessageContaining("left to the broker");
    assertThat(target.delivered).hasSize(1);
    assertThat(deadLetters.sent).isEmpty();
  }

  @Test
  void anExpiredEventIsDroppedToTheDeadLetterTopicWithoutDelivery() throws Exception {
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.SUCCESS);
    delivery("poison", target, true, false).handle(cloudEvent("1", ",\"expiration\":\"2020-01-01T00:00:00Z\""));
    assertThat(target.delivered).isEmpty();
    assertThat(deadLetters.sent).hasSize(1);
    delivery("poison", target, true, false).handle(cloudEvent("2", ",\"expiration\":\"2999-01-01T00:00:00Z\""));
    assertThat(target.delivered).hasSize(1);
  }

  @Test
  void aMessageThatIsNotACloudEventIsDeadLetteredOrHandedBack() throws Exception {
    var garbage = new io.jdaprd.spi.pubsub.Message("orders", "{not json".getBytes(), null, Map.of());
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.SUCCESS);
    delivery("poison", target, true, false).handle(garbage);
    assertThat(deadLetters.sent).hasSize(1);
    assertThatThrownBy(() -> delivery("", target, true, false).handle(garbage)).isInstanceOf(Exception.class);
    assertThat(target.delivered).isEmpty();
  }

  @Test
  void aRuleThatFailsForTheEventDeadLettersIt() throws Exception {
    var subscription = subscription("poison", BulkSubscribeSpec.OFF, Map.of(),
        List.of(new RouteRule("event.data.missing == 1", "/m")));
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(EventReply.SUCCESS);
    new EventDelivery(incoming(subscription, deadLetters), target, fast(true), () -> false).handle(cloudEvent("1"));
    assertThat(target.delivered).isEmpty();
    assertThat(deadLetters.sent).hasSize(1);
  }

  @Test
  void theFallbackBackoffDoublesUpToTheLimitAndStopsAfterThreeDeliveriesOnADurableBroker() {
    RetrySpec.Backoff notDurable = DeliveryPolicies.NOT_DURABLE.start(() -> 0L, () -> 0.5);
    List<Long> waits = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      waits.add(notDurable.next().orElseThrow().toMillis());
    }
    assertThat(waits).containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
    RetrySpec.Backoff durable = DeliveryPolicies.DURABLE.start(() -> 0L, () -> 0.5);
    assertThat(durable.next()).contains(Duration.ofMillis(200));
    assertThat(durable.next()).contains(Duration.ofMillis(400));
    assertThat(durable.next()).isEmpty();
  }
}
