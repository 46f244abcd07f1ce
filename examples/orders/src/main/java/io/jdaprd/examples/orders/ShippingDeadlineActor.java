package io.jdaprd.examples.orders;

import io.dapr.actors.ActorId;
import io.dapr.actors.runtime.AbstractActor;
import io.dapr.actors.runtime.ActorRuntimeContext;
import io.dapr.actors.runtime.Remindable;
import io.dapr.utils.TypeRef;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * {@link ShippingDeadline} on the Dapr actors SDK: the reminder survives the actor's deactivation and the app's
 * restarts (the sidecar keeps it); when it fires, the order is cancelled if still placed and the reminder removed.
 */
public class ShippingDeadlineActor extends AbstractActor implements ShippingDeadline, Remindable<String> {
  /** The reminder's name. */
  static final String REMINDER = "ship-by";
  /** How long an order may wait to be shipped. */
  static final Duration DEADLINE = Duration.ofDays(1);

  private final OrderService orders;

  /** The actor for order {@code id}, cancelling through {@code orders}. */
  public ShippingDeadlineActor(ActorRuntimeContext<ShippingDeadlineActor> context, ActorId id, OrderService orders) {
    super(context, id);
    this.orders = orders;
  }

  @Override
  public void watch() {
    registerReminder(REMINDER, getId().toString(), DEADLINE, DEADLINE).block();
  }

  @Override
  public TypeRef<String> getStateType() {
    return TypeRef.STRING;
  }

  @Override
  public Mono<Void> receiveReminder(String name, String orderId, Duration dueTime, Duration period) {
    return Mono.fromRunnable(() -> orders.cancelIfNotShipped(orderId)).then(unregisterReminder(REMINDER));
  }
}
