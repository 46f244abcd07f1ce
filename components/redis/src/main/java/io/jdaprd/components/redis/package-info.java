/**
 * Redis components (state.redis), on Lettuce, with Dapr's metadata and Dapr's data layout (a hash per key with the
 * fields {@code data} and {@code version}), so that daprd and jdaprd can share a Redis database.
 */
package io.jdaprd.components.redis;
