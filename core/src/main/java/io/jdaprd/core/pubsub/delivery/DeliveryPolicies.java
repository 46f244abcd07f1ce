package io.jdaprd.core.pubsub.delivery;

import io.jdaprd.core.resiliency.Policy;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.core.resiliency.RetrySpec;
import io.jdaprd.core.resiliency.StatusCodeMatch;
import io.jdaprd.core.resiliency.Ticker;
import java.time.Duration;

/**
 * The policy each subscription's deliveries run under: the pub/sub's inbound resiliency policy
 * ({@code targets.components.<pubsub>.inbound}, else the inbound defaults), as daprd. When none applies, daprd tries
 * a delivery once; jdaprd retries a little instead, so that a brief app hiccup does not cost a broker redelivery
 * round (Redis: {@code redeliverInterval}) or, on a broker that cannot redeliver ({@code pubsub.in-memory}), the
 * message itself: waits of 200ms doubling up to 5s, 3 deliveries in all on a durable broker (then the dead-letter
 * topic, or back to the broker), without end on another (while the subscription runs).
 */
public final class DeliveryPolicies {
  /** jdaprd's retry of deliveries on a durable broker when no resiliency policy applies. */
  public static final RetrySpec DURABLE = new RetrySpec(RetrySpec.Kind.EXPONENTIAL, Duration.ZERO,
      Duration.ofMillis(200), 0, 2, Duration.ofSeconds(5), Duration.ZERO, 2, StatusCodeMatch.ALL);
  /** The same on a broker that cannot deliver again: without end. */
  public static final RetrySpec NOT_DURABLE = DURABLE.withMaxRetries(-1);

  private final Resiliency resiliency;
  private final Ticker ticker;

  /** The policies of {@code resiliency}, with jdaprd's fallback timed by {@code ticker}. */
  public DeliveryPolicies(Resiliency resiliency, Ticker ticker) {
    this.resiliency = resiliency;
    this.ticker = ticker;
  }

  /** The policies of {@code resiliency}. */
  public DeliveryPolicies(Resiliency resiliency) {
    this(resiliency, Ticker.SYSTEM);
  }

  /** Only jdaprd's fallback. */
  public static DeliveryPolicies fallbackOnly() {
    return new DeliveryPolicies(Resiliency.builtIn());
  }

  /**
   * The pub/sub's own inbound policy, without jdaprd's fallback: what daprd runs a bulk delivery under
   * ({@link Policy#NONE} without one).
   */
  Policy inbound(String pubsub) {
    return resiliency.componentInbound(pubsub, Resiliency.ComponentKind.PUBSUB);
  }

  /** The policy of deliveries from {@code pubsub}. */
  Policy policy(String pubsub, boolean durable) {
    Policy policy = resiliency.componentInbound(pubsub, Resiliency.ComponentKind.PUBSUB);
    if (!policy.isNone()) {
      return policy;
    }
    return new Policy("component[" + pubsub + "] input", Duration.ZERO, durable ? DURABLE : NOT_DURABLE, null,
        ticker);
  }
}
