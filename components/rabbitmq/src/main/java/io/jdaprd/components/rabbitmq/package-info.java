/**
 * RabbitMQ components ({@code pubsub.rabbitmq}, and {@code bindings.rabbitmq}: one queue written by the output
 * binding and read by the input binding), on amqp-client, with Dapr's metadata and Dapr's broker layout (an
 * exchange per topic, a queue {@code <consumerID>-<topic>} per consumer group, {@code dlx-}/{@code dlq-} dead-letter
 * exchanges and queues), so that daprd and jdaprd can share a broker.
 */
package io.jdaprd.components.rabbitmq;
