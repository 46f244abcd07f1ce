/**
 * Kafka components on the official client: {@code pubsub.kafka} and {@code bindings.kafka} (input and output), with
 * components-contrib's metadata names and at-least-once delivery (offsets committed only after the handler returned).
 */
package io.jdaprd.components.kafka;
