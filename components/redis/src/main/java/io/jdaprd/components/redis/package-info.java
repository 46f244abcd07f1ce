/**
 * Redis components on Lettuce, with Dapr's metadata and Dapr's data layout, so that daprd and jdaprd can share a
 * Redis database: {@code state.redis} (a hash per key with the fields {@code data} and {@code version}) and
 * {@code pubsub.redis} (a stream per topic, an entry per message with the fields {@code data} and {@code metadata},
 * a consumer group per consumer id), and the output binding {@code bindings.redis} (one key per call).
 */
package io.jdaprd.components.redis;
