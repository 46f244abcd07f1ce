package io.jdaprd.components.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.Subscription;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One subscription: a channel of its own that consumes the subscription's queue and hands each delivery to the
 * handler on a virtual thread, one at a time with {@code concurrencyMode: single}, else all at once (bounded only by
 * {@code prefetchCount}, as in Dapr). A handler that returns acknowledges the message; one that throws has it
 * rejected with {@code requeue = requeueInFailure}: requeued for another delivery, or else dead-lettered to
 * {@code dlx-<queue>} when {@code enableDeadLetter} is on and discarded by the broker when it is off. With
 * {@code autoAck} the broker forgets a message once it is sent, whatever the handler does.
 *
 * <p>When its channel is lost (the connection dropped, the queue was deleted), the subscription starts again by
 * itself: the link resumes it after reconnecting, or it asks the link to retry after {@code reconnectWaitSeconds}.
 */
final class RabbitMqConsumer implements Subscription {
  private static final System.Logger LOG = System.getLogger(RabbitMqConsumer.class.getName());
  /** How long {@link #close()} waits for the handlers in flight. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final RabbitMqLink link;
  private final RabbitMqSettings settings;
  private final RabbitMqTopology topology;
  private final String topic;
  private final String queue;
  private final Map<String, String> metadata;
  private final MessageHandler handler;
  private final ExecutorService workers;
  private final Object lock = new Object();
  private volatile boolean closed;
  private Channel channel;
  private String consumerTag;

  RabbitMqConsumer(RabbitMqLink link, RabbitMqSettings settings, RabbitMqTopology topology, String topic,
      String queue, Map<String, String> metadata, MessageHandler handler) {
    this.link = link;
    this.settings = settings;
    this.topology = topology;
    this.topic = topic;
    this.queue = queue;
    this.metadata = Map.copyOf(metadata);
    this.handler = handler;
    var threads = Thread.ofVirtual().name("pubsub.rabbitmq " + queue + " #", 0).factory();
    this.workers = settings.singleConcurrency() ? Executors.newSingleThreadExecutor(threads)
        : Executors.newThreadPerTaskExecutor(threads);
  }

  /** The queue this subscription consumes. */
  String queue() {
    return queue;
  }

  /**
   * Declares the topology and starts consuming on {@code connection}, unless already consuming on an open channel.
   *
   * @throws PubSubException when a subscription metadata value is wrong
   * @throws IOException when the broker refuses a declaration or the consume
   */
  void start(Connection connection) throws IOException, PubSubException {
    synchronized (lock) {
      if (closed || channel != null && channel.isOpen()) {
        return;
      }
      Channel opened = connection.createChannel();
      if (opened == null) {
        throw new IOException("the broker has no channel left");
      }
      try {
        topology.declareSubscription(opened, topic, queue, metadata);
        if (settings.prefetchCount() > 0) {
          opened.basicQos(settings.prefetchCount(), false);
        }
        String tag = RabbitMqTopology.consumerTag(queue);
        opened.addShutdownListener(this::channelLost);
        channel = opened;
        consumerTag = tag;
        opened.basicConsume(queue, settings.autoAck(), tag, false, false, null, new Deliveries(opened));
      } catch (IOException | PubSubException | RuntimeException e) {
        channel = null;
        consumerTag = null;
        abort(opened);
        throw e;
      }
    }
  }

  /** Starts again on {@code connection} after a loss; on failure, asks the link to try again later. */
  void resume(Connection connection) {
    if (closed) {
      return;
    }
    try {
      start(connection);
      LOG.log(Level.INFO, () -> link.label() + ": consuming queue " + queue + " again");
    } catch (IOException | PubSubException | RuntimeException e) {
      if (!closed) {
        LOG.log(Level.WARNING, () -> link.label() + ": resuming the subscription of queue " + queue + " failed ("
            + settings.scrub(RabbitMqLink.reason(e)) + "); trying again in " + settings.reconnectWait().toMillis()
            + " ms");
        link.scheduleResume(this);
      }
    }
  }

  /**
   * Cancels the consumer, waits up to {@link #CLOSE_TIMEOUT} for the handlers in flight (which still acknowledge
   * their messages), then closes the channel: the broker requeues every message it sent that was not acknowledged.
   */
  @Override
  public void close() {
    Channel current;
    String tag;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      current = channel;
      tag = consumerTag;
    }
    link.unregister(this);
    if (current != null && current.isOpen() && tag != null) {
      try {
        current.basicCancel(tag);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> link.label() + ": cancelling the consumer of " + queue + ": "
            + settings.scrub(RabbitMqLink.reason(e)));
      }
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, () -> link.label() + ": handlers of queue " + queue + " still run after "
            + CLOSE_TIMEOUT + "; their messages stay with the broker");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      channel = null;
      consumerTag = null;
    }
    if (current != null && current.isOpen()) {
      try {
        current.close();
      } catch (IOException | TimeoutException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> link.label() + ": closing the channel of " + queue + ": "
            + settings.scrub(RabbitMqLink.reason(e)));
      }
    }
  }

  private void channelLost(ShutdownSignalException cause) {
    synchronized (lock) {
      if (cause.getReference() != channel) {
        return;
      }
      channel = null;
      consumerTag = null;
    }
    if (closed || cause.isInitiatedByApplication() || cause.isHardError()) {
      return;
    }
    LOG.log(Level.WARNING, () -> link.label() + ": the broker closed the channel of queue " + queue + " ("
        + settings.scrub(RabbitMqLink.reason(cause)) + "); subscribing again in "
        + settings.reconnectWait().toMillis() + " ms");
    link.scheduleResume(this);
  }

  private void handle(Channel from, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
    if (closed) {
      return;
    }
    Message message = new Message(topic, body, properties.getContentType(), metadata(properties));
    try {
      handler.handle(message);
    } catch (Exception e) {
      LOG.log(Level.WARNING, () -> link.label() + ": the handler of queue " + queue + " failed (" + e
          + "); " + (settings.autoAck() ? "the message was auto-acknowledged"
          : settings.requeueInFailure() ? "requeueing it" : settings.enableDeadLetter()
          ? "dead-lettering it" : "the broker discards it"));
      if (!settings.autoAck()) {
        settle(from, envelope, false);
      }
      return;
    }
    if (!settings.autoAck()) {
      settle(from, envelope, true);
    }
  }

  /** Acknowledges, or rejects with {@code requeueInFailure}, on the channel the message came from. */
  private void settle(Channel from, Envelope envelope, boolean handled) {
    try {
      if (handled) {
        from.basicAck(envelope.getDeliveryTag(), false);
      } else {
        from.basicNack(envelope.getDeliveryTag(), false, settings.requeueInFailure());
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.INFO, () -> link.label() + ": could not settle a message of queue " + queue + " ("
          + settings.scrub(RabbitMqLink.reason(e)) + "); the broker delivers it again");
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

  private void abort(Channel opened) {
    try {
      if (opened.isOpen()) {
        opened.abort();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> link.label() + ": aborting a channel of " + queue + ": "
          + settings.scrub(RabbitMqLink.reason(e)));
    }
  }

  /** Receives the deliveries of one channel and hands them to the workers. */
  private final class Deliveries extends DefaultConsumer {
    private final Channel from;

    Deliveries(Channel from) {
      super(from);
      this.from = from;
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      if (closed) {
        return;
      }
      try {
        workers.execute(() -> handle(from, envelope, properties, body));
      } catch (RejectedExecutionException e) {
        LOG.log(Level.DEBUG, () -> link.label() + ": a message of " + queue + " arrived while closing; it stays"
            + " with the broker");
      }
    }

    @Override
    public void handleCancel(String tag) {
      synchronized (lock) {
        if (channel != from) {
          return;
        }
        channel = null;
        consumerTag = null;
      }
      abort(from);
      if (!closed) {
        LOG.log(Level.WARNING, () -> link.label() + ": the broker cancelled the consumer of queue " + queue
            + " (deleted?); subscribing again in " + settings.reconnectWait().toMillis() + " ms");
        link.scheduleResume(RabbitMqConsumer.this);
      }
    }
  }
}
