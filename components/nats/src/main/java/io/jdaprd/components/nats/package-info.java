/**
 * NATS components: {@code pubsub.jetstream} ({@link io.jdaprd.components.nats.JetStreamPubSub}), on jnats, with
 * Dapr's metadata. Topics are NATS subjects kept in JetStream streams; consumer groups are durable push consumers.
 */
package io.jdaprd.components.nats;
