package io.jdaprd.examples.orders;

import io.dapr.actors.ActorType;

/**
 * The actor that watches one order (actor id = order id): a day after the order is placed, a reminder cancels it
 * unless it was shipped.
 */
@ActorType(name = ShippingDeadline.TYPE)
public interface ShippingDeadline {
  /** The actor type. */
  String TYPE = "ShippingDeadline";

  /** Starts the day: registers the durable reminder {@code ship-by}, due in 24 hours. */
  void watch();
}
