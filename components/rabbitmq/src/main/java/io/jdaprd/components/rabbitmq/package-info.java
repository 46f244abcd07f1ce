/**
 * RabbitMQ components ({@code pubsub.rabbitmq}), on amqp-client, with Dapr's metadata and Dapr's broker layout (an
 * exchange per topic, a queue {@code <consumerID>-<topic>} per consumer group, {@code dlx-}/{@code dlq-} dead-letter
 * exchanges and queues), so that daprd and jdaprd can share a broker.
 */
package io.jdaprd.components.rabbitmq;
