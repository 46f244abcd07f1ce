package io.jdaprd.components.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.InputHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The input side of {@code bindings.rabbitmq}: a channel of its own (with {@code basic.qos prefetchCount} when
 * set) consuming the queue, and one virtual thread handing the deliveries to the handler one at a time, in order, as
 * Dapr's binding does. A handler that returns has its message acknowledged; one that throws has it rejected with
 * requeue, so the broker delivers it again. The event's metadata is the message's string headers, each name
 * escaped as Go's {@code url.QueryEscape} escapes it.
 *
 * <p>When the channel is lost (the connection dropped, the queue was deleted) the broker takes back every message not
 * yet acknowledged, and the reader starts again by itself: the binding resumes it after reconnecting, or it asks for
 * a new attempt after {@code reconnectWaitInSeconds} ({@link RabbitMqQueueConsumer}).
 */
final class RabbitMqBindingReader extends RabbitMqQueueConsumer<RuntimeException> implements BindingReader {
  private static final System.Logger LOG = System.getLogger(RabbitMqBindingReader.class.getName());

  private final RabbitMqBinding binding;
  private final RabbitMqBindingSettings settings;
  private final InputHandler handler;

  RabbitMqBindingReader(RabbitMqBinding binding, InputHandler handler) {
    super(binding.label(), binding.settings().queueName(), binding.settings().reconnectWait(),
        binding.settings()::scrub, Executors.newSingleThreadExecutor(Thread.ofVirtual()
            .name("bindings.rabbitmq " + binding.settings().queueName() + " reader").factory()));
    this.binding = binding;
    this.settings = binding.settings();
    this.handler = handler;
  }

  /** Declares the binding's queue and its prefetch (for the whole channel). */
  @Override
  void prepare(Channel opened) throws IOException {
    binding.declareQueue(opened);
    if (settings.prefetchCount() > 0) {
      opened.basicQos(settings.prefetchCount(), true);
    }
  }

  @Override
  String consume(Channel opened, Consumer deliveries) throws IOException {
    return opened.basicConsume(queue(), false, deliveries);
  }

  @Override
  void scheduleResume() {
    binding.scheduleResume(this);
  }

  @Override
  void detach() {
    binding.forget(this);
  }

  @Override
  void handle(Channel from, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
    if (isClosed() || !from.isOpen()) {
      return; // the broker took the message back with its channel and delivers it again
    }
    boolean handled;
    try {
      handler.handle(new BindingEvent(body, metadata(properties), null));
      handled = true;
    } catch (Exception e) {
      LOG.log(Level.WARNING, () -> binding.label() + ": the app did not take a message of queue " + queue() + " ("
          + e.getMessage() + "); the broker delivers it again");
      handled = false;
    }
    settle(from, envelope, handled, true);
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
}
