package io.jdaprd.components.rabbitmq;

import com.rabbitmq.client.Channel;
import io.jdaprd.spi.pubsub.PubSubException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The exchanges, queues and bindings, named and declared exactly as daprd declares them, so that daprd and jdaprd
 * sidecars share one broker: one exchange per topic, named as the topic, of the configured kind; one queue per
 * consumer id and topic, {@code <consumerID>-<topic>} (or the subscription's {@code queueName}), bound to the
 * topic's exchange with each of the subscription's {@code routingKey}s (default: the empty key). With
 * {@code enableDeadLetter}, the queue's {@code x-dead-letter-exchange} is {@code dlx-<queue>}, a durable fanout
 * exchange bound to the durable, lazy queue {@code dlq-<queue>}. Queues are classic unless the subscription asks
 * for {@code queueType: quorum}.
 */
final class RabbitMqTopology {
  static final String DEAD_LETTER_EXCHANGE_ARG = "x-dead-letter-exchange";
  static final String MAX_LENGTH_ARG = "x-max-length";
  static final String MAX_LENGTH_BYTES_ARG = "x-max-length-bytes";
  static final String QUEUE_TYPE_ARG = "x-queue-type";
  private static final int MAX_CONSUMER_TAG_BYTES = 255;

  private final RabbitMqSettings settings;

  RabbitMqTopology(RabbitMqSettings settings) {
    this.settings = settings;
  }

  /** The queue of {@code consumerId}'s subscription to {@code topic}: {@code <consumerID>-<topic>}. */
  static String queueName(String consumerId, String topic) {
    return consumerId + "-" + topic;
  }

  /** The dead-letter exchange of {@code queue}: {@code dlx-<queue>}. */
  static String deadLetterExchange(String queue) {
    return "dlx-" + queue;
  }

  /** The dead-letter queue of {@code queue}: {@code dlq-<queue>}. */
  static String deadLetterQueue(String queue) {
    return "dlq-" + queue;
  }

  /** A consumer tag unique to one consume call: {@code <queue>-<uuid>}, cut from the left to 255 bytes. */
  static String consumerTag(String queue) {
    String tag = queue + "-" + UUID.randomUUID();
    while (tag.getBytes(StandardCharsets.UTF_8).length > MAX_CONSUMER_TAG_BYTES) {
      tag = tag.substring(tag.offsetByCodePoints(0, 1));
    }
    return tag;
  }

  /** Declares the exchange of {@code topic}, as a publish or a subscription does before using it. */
  void declareExchange(Channel channel, String topic) throws IOException {
    channel.exchangeDeclare(topic, settings.exchangeKind(), settings.durable(), settings.deleteWhenUnused(), false,
        null);
  }

  /**
   * Declares the topic's exchange, the dead-letter exchange and queue when enabled, and the subscription's queue,
   * and binds it with every routing key.
   *
   * @param metadata the subscription's metadata: {@code queueType}, {@code maxPriority},
   *     {@code singleActiveConsumer}, {@code maxLen}, {@code maxLenBytes}, {@code routingKey}
   * @throws PubSubException when a subscription metadata value is wrong (checked before anything is declared)
   */
  void declareSubscription(Channel channel, String topic, String queue, Map<String, String> metadata)
      throws IOException, PubSubException {
    Map<String, Object> arguments = queueArguments(queue, metadata);
    declareExchange(channel, topic);
    if (settings.enableDeadLetter()) {
      String exchange = deadLetterExchange(queue);
      String deadLetters = deadLetterQueue(queue);
      channel.exchangeDeclare(exchange, "fanout", true, settings.deleteWhenUnused(), false, null);
      channel.queueDeclare(deadLetters, true, false, settings.deleteWhenUnused(), deadLetterQueueArguments());
      channel.queueBind(deadLetters, exchange, "");
    }
    channel.queueDeclare(queue, settings.durable(), false, settings.deleteWhenUnused(), arguments);
    for (String routingKey : routingKeys(metadata)) {
      channel.queueBind(queue, topic, routingKey);
    }
  }

  /** The arguments of the dead-letter queue: the component's length limits and lazy mode. */
  Map<String, Object> deadLetterQueueArguments() {
    Map<String, Object> arguments = lengthLimits();
    arguments.put("x-queue-mode", "lazy");
    return arguments;
  }

  /** The arguments of a subscription's queue, from the component's settings and the subscription's metadata. */
  Map<String, Object> queueArguments(String queue, Map<String, String> metadata) throws PubSubException {
    Map<String, Object> arguments = new HashMap<>();
    if (settings.enableDeadLetter()) {
      arguments.put(DEAD_LETTER_EXCHANGE_ARG, deadLetterExchange(queue));
    }
    arguments.putAll(lengthLimits());
    String maxPriority = value(metadata, "maxPriority");
    if (maxPriority != null) {
      arguments.put("x-max-priority", (int) Math.min(255, unsigned(queue, "maxPriority", maxPriority)));
    }
    String queueType = value(metadata, "queueType");
    if (queueType != null && !queueType.equals("classic") && !queueType.equals("quorum")) {
      throw new PubSubException("subscription metadata queueType: " + queueType + " (expected: classic or quorum)");
    }
    arguments.put(QUEUE_TYPE_ARG, queueType == null ? "classic" : queueType);
    String single = value(metadata, "singleActiveConsumer");
    if (single != null && List.of("true", "1", "yes", "on", "y").contains(single.toLowerCase(Locale.ROOT))) {
      arguments.put("x-single-active-consumer", true);
    }
    String maxLenBytes = value(metadata, "maxLenBytes");
    if (maxLenBytes != null) {
      arguments.put(MAX_LENGTH_BYTES_ARG, unsigned(queue, "maxLenBytes", maxLenBytes));
    }
    String maxLen = value(metadata, "maxLen");
    if (maxLen != null) {
      arguments.put(MAX_LENGTH_ARG, unsigned(queue, "maxLen", maxLen));
    }
    return arguments;
  }

  /** The routing keys of a subscription: its comma-separated {@code routingKey}, else the empty key. */
  static List<String> routingKeys(Map<String, String> metadata) {
    String keys = value(metadata, "routingKey");
    return keys == null ? List.of("") : List.of(keys.split(",", -1));
  }

  /** The non-empty value of {@code key} in {@code metadata}, matched without regard to case, or {@code null}. */
  static String value(Map<String, String> metadata, String key) {
    String exact = metadata.get(key);
    if (exact != null && !exact.isEmpty()) {
      return exact;
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key) && e.getValue() != null && !e.getValue().isEmpty()) {
        return e.getValue();
      }
    }
    return null;
  }

  private Map<String, Object> lengthLimits() {
    Map<String, Object> arguments = new HashMap<>();
    if (settings.maxLen() > 0) {
      arguments.put(MAX_LENGTH_ARG, settings.maxLen());
    }
    if (settings.maxLenBytes() > 0) {
      arguments.put(MAX_LENGTH_BYTES_ARG, settings.maxLenBytes());
    }
    return arguments;
  }

  private static long unsigned(String queue, String key, String value) throws PubSubException {
    try {
      long n = Long.parseLong(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new PubSubException("subscription metadata " + key + " of queue " + queue + ": " + value
        + " (expected: a whole number, 0 or greater)");
  }
}
