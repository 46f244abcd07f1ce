package io.jdaprd.examples.orders;

/**
 * An order.
 *
 * @param id the order's id
 * @param item what was ordered
 * @param quantity how many
 * @param status {@code PLACED}, then {@code SHIPPED}, or {@code CANCELLED} when it was not shipped within a day
 */
public record Order(String id, String item, int quantity, String status) {
  /** The same order with another status. */
  public Order withStatus(String newStatus) {
    return new Order(id, item, quantity, newStatus);
  }
}
