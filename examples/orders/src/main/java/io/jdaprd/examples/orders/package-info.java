/**
 * A sample order service: orders kept in a Dapr state store, announced on a Dapr pub/sub topic, and watched by an
 * actor ({@link io.jdaprd.examples.orders.ShippingDeadline}) whose reminder cancels an order not shipped within a
 * day.
 */
package io.jdaprd.examples.orders;
