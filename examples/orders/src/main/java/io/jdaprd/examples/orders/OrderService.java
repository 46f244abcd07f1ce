package io.jdaprd.examples.orders;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import java.util.Optional;

/**
 * The order service: each order is saved under {@code order-<id>} in the state store and announced on the
 * {@code orders} topic (one event when placed, one when shipped). Only the Dapr Java SDK is used, so any Dapr
 * sidecar serves it: daprd, the {@code jdaprd} process, or an embedded jdaprd in tests.
 */
public final class OrderService {
  /** The state store's name. */
  public static final String STORE = "statestore";
  /** The pub/sub component's name. */
  public static final String PUBSUB = "pubsub";
  /** The topic of order events. */
  public static final String TOPIC = "orders";

  private final DaprClient dapr;

  /** A service using {@code dapr}. */
  public OrderService(DaprClient dapr) {
    this.dapr = dapr;
  }

  /**
   * Places an order: saves it as {@code PLACED}, then publishes it.
   *
   * @throws IllegalArgumentException when the quantity is not positive (nothing is saved or published)
   */
  public Order place(String id, String item, int quantity) {
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity must be positive: " + quantity);
    }
    Order order = new Order(id, item, quantity, "PLACED");
    dapr.saveState(STORE, key(id), order).block();
    dapr.publishEvent(PUBSUB, TOPIC, order).block();
    return order;
  }

  /**
   * Ships a placed order: saves it as {@code SHIPPED} with the ETag it was read with (so that a concurrent change
   * is not overwritten), then publishes it.
   *
   * @throws IllegalStateException when there is no such order
   */
  public Order ship(String id) {
    State<Order> current = dapr.getState(STORE, key(id), Order.class).block();
    if (current == null || current.getValue() == null) {
      throw new IllegalStateException("no order " + id);
    }
    Order shipped = current.getValue().withStatus("SHIPPED");
    dapr.saveState(STORE, key(id), current.getEtag(), shipped, null).block();
    dapr.publishEvent(PUBSUB, TOPIC, shipped).block();
    return shipped;
  }

  /**
   * Cancels the order {@code id} if it is still {@code PLACED} (saved with the ETag it was read with, then
   * announced); an order shipped or gone is left as it is.
   *
   * @return whether it was cancelled
   */
  public boolean cancelIfNotShipped(String id) {
    State<Order> current = dapr.getState(STORE, key(id), Order.class).block();
    if (current == null || current.getValue() == null || !current.getValue().status().equals("PLACED")) {
      return false;
    }
    Order cancelled = current.getValue().withStatus("CANCELLED");
    dapr.saveState(STORE, key(id), current.getEtag(), cancelled, null).block();
    dapr.publishEvent(PUBSUB, TOPIC, cancelled).block();
    return true;
  }

  /** The order {@code id}, if any. */
  public Optional<Order> find(String id) {
    State<Order> state = dapr.getState(STORE, key(id), Order.class).block();
    return Optional.ofNullable(state == null ? null : state.getValue());
  }

  /** The state key of order {@code id}. */
  static String key(String id) {
    return "order-" + id;
  }
}
