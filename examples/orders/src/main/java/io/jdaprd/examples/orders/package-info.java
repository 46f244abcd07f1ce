/** A sample order service: orders kept in a Dapr state store, announced on a Dapr pub/sub topic. */
package io.jdaprd.examples.orders;
