package io.jdaprd.components.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.ShutdownSignalException;
import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.InputHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
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
 * The input side of {@code bindings.rabbitmq}: a channel of its own (with {@code basic.qos prefetchCount} when
 * set) consuming the queue, and one virtual thread handing the deliveries to the handler one at a time, in order, as
 * Dapr's binding does. A handler that returns has its message acknowledged; one that throws has it rejected with
 * requeue, so the broker delivers it again. The event's metadata is the message's string headers, each name
 * escaped as Go's {@code url.QueryEscape} escapes it.
 *
 * <p>When the channel is lost (the connection dropped, the queue was deleted) the broker takes back every message not
 * yet acknowledged, and the reader starts again by itself: the binding resumes it after reconnecting, or it asks for
 * a new attempt after {@code reconnectWaitInSeconds}.
 */
final class RabbitMqBindingReader implements BindingReader {
  private static final System.Logger LOG = System.getLogger(RabbitMqBindingReader.class.getName());
  /** How long {@link #close()} waits for the handler call in flight. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final RabbitMqBinding binding;
  private final RabbitMqBindingSettings settings;
  private final InputHandler handler;
  private final ExecutorService worker;
  private final Object lock = new Object();
  private volatile boolean closed;
  private Channel channel;
  private String consumerTag;

  RabbitMqBindingReader(RabbitMqBinding binding, InputHandler handler) {
    this.binding = binding;
    this.settings = binding.settings();
    this.handler = handler;
    this.worker = Executors.newSingleThreadExecutor(
        Thread.ofVirtual().name("bindings.rabbitmq " + settings.queueName() + " reader").factory());
  }

  /** Starts consuming on {@code connection} unless already consuming; on failure asks for another attempt. */
  void resume(Connection connection) {
    try {
      start(connection);
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.log(Level.WARNING, () -> binding.label() + ": consuming queue " + settings.queueName() + " failed ("
            + settings.scrub(RabbitMqLink.reason(e)) + "); trying again in " + settings.reconnectWait().toMillis()
            + " ms");
        binding.scheduleResume(this);
      }
    }
  }

  private void start(Connection connection) throws IOException {
    synchronized (lock) {
      if (closed || channel != null && channel.isOpen()) {
        return;
      }
      Channel opened = connection.createChannel();
      if (opened == null) {
        throw new IOException("the broker has no channel left");
      }
      try {
        binding.declareQueue(opened);
        if (settings.prefetchCount() > 0) {
          opened.basicQos(settings.prefetchCount(), true);
        }
        opened.addShutdownListener(this::channelLost);
        channel = opened;
        consumerTag = opened.basicConsume(settings.queueName(), false, new Deliveries(opened));
      } catch (IOException | RuntimeException e) {
        channel = null;
        consumerTag = null;
        abort(opened);
        throw e;
      }
    }
  }

  /**
   * Cancels the consumer, waits up to {@link #CLOSE_TIMEOUT} for the handler call in flight (which still settles its
   * message), then closes the channel: the broker takes back every message it sent that was not acknowledged.
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
    binding.forget(this);
    if (current != null && current.isOpen() && tag != null) {
      try {
        current.basicCancel(tag);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> binding.label() + ": cancelling the consumer: " + RabbitMqLink.reason(e));
      }
    }
    worker.shutdown();
    try {
      if (!worker.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, () -> binding.label() + ": the handler still runs after " + CLOSE_TIMEOUT
            + "; its message stays with the broker");
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
        LOG.log(Level.DEBUG, () -> binding.label() + ": closing the reader's channel: " + RabbitMqLink.reason(e));
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
    LOG.log(Level.WARNING, () -> binding.label() + ": the broker closed the channel of queue "
        + settings.queueName() + " (" + settings.scrub(RabbitMqLink.reason(cause)) + "); consuming again in "
        + settings.reconnectWait().toMillis() + " ms");
    binding.scheduleResume(this);
  }

  private void handle(Channel from, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
    if (closed || !from.isOpen()) {
      return; // the broker took the message back with its channel and delivers it again
    }
    boolean handled;
    try {
      handler.handle(new BindingEvent(body, metadata(properties), null));
      handled = true;
    } catch (Exception e) {
      LOG.log(Level.WARNING, () -> binding.label() + ": the app did not take a message of queue "
          + settings.queueName() + " (" + e.getMessage() + "); the broker delivers it again");
      handled = false;
    }
    try {
      if (handled) {
        from.basicAck(envelope.getDeliveryTag(), false);
      } else {
        from.basicNack(envelope.getDeliveryTag(), false, true);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.INFO, () -> binding.label() + ": could not settle a message of queue " + settings.queueName()
          + " (" + RabbitMqLink.reason(e) + "); the broker delivers it again");
    }
  }

  /** The string headers, names escaped as Go's {@code url.QueryEscape} escapes them. */
  static Map<String, String> metadata(AMQP.BasicProperties properties) {
    Map<String, Object> headers = properties.getHeaders();
    if (headers == null || headers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    headers.forEach((key, value) -> {
      if (value instanceof LongString || value instanceof String) {
        out.put(queryEscape(key), value.toString());
      }
    });
    return out;
  }

  /** {@code text} as Go's {@code url.QueryEscape} writes it: only letters, digits and {@code -_.~} kept. */
  static String queryEscape(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }

  private void abort(Channel opened) {
    try {
      if (opened.isOpen()) {
        opened.abort();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> binding.label() + ": aborting a channel: " + RabbitMqLink.reason(e));
    }
  }

  /** Receives the deliveries of one channel and queues them for the worker. */
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
        worker.execute(() -> handle(from, envelope, properties, body));
      } catch (RejectedExecutionException e) {
        LOG.log(Level.DEBUG, () -> binding.label() + ": a message arrived while closing; it stays with the broker");
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
        LOG.log(Level.WARNING, () -> binding.label() + ": the broker cancelled the consumer of queue "
            + settings.queueName() + "; consuming again in " + settings.reconnectWait().toMillis() + " ms");
        binding.scheduleResume(RabbitMqBindingReader.this);
      }
    }
  }
}
