package io.jdaprd.components.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.Envelope;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.Subscription;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One subscription: a channel of its own that consumes the subscription's queue and hands each delivery to the
 * handler on a virtual thread, one at a time with {@code concurrencyMode: single}, else all at once (bounded only by
 * {@code prefetchCount}, as in Dapr). A handler that returns acknowledges the message; one that throws has it
 * rejected with {@code requeue = requeueInFailure}: requeued for another delivery, or else dead-lettered to
 * {@code dlx-<queue>} when {@code enableDeadLetter} is on and discarded by the broker when it is off. With
 * {@code autoAck} the broker forgets a message once it is sent, whatever the handler does.
 *
 * <p>When its channel is lost (the connection dropped, the queue was deleted), the subscription starts again by
 * itself: the link resumes it after reconnecting, or it asks the link to retry after {@code reconnectWaitSeconds}
 * ({@link RabbitMqQueueConsumer}).
 */
final class RabbitMqConsumer extends RabbitMqQueueConsumer<PubSubException> implements Subscription {
  private static final System.Logger LOG = System.getLogger(RabbitMqConsumer.class.getName());

  private final RabbitMqLink link;
  private final RabbitMqSettings settings;
  private final RabbitMqTopology topology;
  private final String topic;
  private final Map<String, String> metadata;
  private final MessageHandler handler;

  RabbitMqConsumer(RabbitMqLink link, RabbitMqSettings settings, RabbitMqTopology topology, String topic,
      String queue, Map<String, String> metadata, MessageHandler handler) {
    super(link.label(), queue, settings.reconnectWait(), settings::scrub, workers(settings, queue));
    this.link = link;
    this.settings = settings;
    this.topology = topology;
    this.topic = topic;
    this.metadata = Map.copyOf(metadata);
    this.handler = handler;
  }

  private static ExecutorService workers(RabbitMqSettings settings, String queue) {
    var threads = Thread.ofVirtual().name("pubsub.rabbitmq " + queue + " #", 0).factory();
    return settings.singleConcurrency() ? Executors.newSingleThreadExecutor(threads)
        : Executors.newThreadPerTaskExecutor(threads);
  }

  /** Declares the subscription's topology (exchange, queue, binding, dead-lettering) and its prefetch. */
  @Override
  void prepare(Channel opened) throws IOException, PubSubException {
    topology.declareSubscription(opened, topic, queue(), metadata);
    if (settings.prefetchCount() > 0) {
      opened.basicQos(settings.prefetchCount(), false);
    }
  }

  @Override
  String consume(Channel opened, Consumer deliveries) throws IOException {
    String tag = RabbitMqTopology.consumerTag(queue());
    opened.basicConsume(queue(), settings.autoAck(), tag, false, false, null, deliveries);
    return tag;
  }

  @Override
  void scheduleResume() {
    link.scheduleResume(this);
  }

  @Override
  void detach() {
    link.unregister(this);
  }

  @Override
  void handle(Channel from, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
    if (isClosed()) {
      return;
    }
    Message message = new Message(topic, body, properties.getContentType(), metadata(properties));
    try {
      handler.handle(message);
    } catch (Exception e) {
      LOG.log(Level.WARNING, () -> link.label() + ": the handler of queue " + queue() + " failed (" + e
          + "); " + (settings.autoAck() ? "the message was auto-acknowledged"
          : settings.requeueInFailure() ? "requeueing it" : settings.enableDeadLetter()
          ? "dead-lettering it" : "the broker discards it"));
      if (!settings.autoAck()) {
        settle(from, envelope, false, settings.requeueInFailure());
      }
      return;
    }
    if (!settings.autoAck()) {
      settle(from, envelope, true, false);
    }
  }

  private Map<String, String> metadata(AMQP.BasicProperties properties) {
    if (!settings.propertiesToMetadata()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    putIfSet(out, "metadata.messageid", properties.getMessageId());
    putIfSet(out, "metadata.correlationid", properties.getCorrelationId());
    putIfSet(out, "metadata.type", properties.getType());
    putIfSet(out, "metadata.contenttype", properties.getContentType());
    if (properties.getHeaders() != null) {
      properties.getHeaders().forEach((key, value) -> {
        if (value != null) {
          out.put("metadata." + key, value instanceof byte[] bytes
              ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value));
        }
      });
    }
    return out;
  }

  private static void putIfSet(Map<String, String> out, String key, String value) {
    if (value != null && !value.isEmpty()) {
      out.put(key, value);
    }
  }
}
