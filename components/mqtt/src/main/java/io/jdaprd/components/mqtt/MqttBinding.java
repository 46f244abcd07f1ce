package io.jdaprd.components.mqtt;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.InputHandler;
import io.jdaprd.spi.bindings.OutputBinding;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code bindings.mqtt3} (daprd's alias {@code bindings.mqtt}), input and output, on the component's {@code topic}.
 *
 * <p>Output: operation {@code create} publishes the request's data to the {@code topic} request metadata, else the
 * component's topic, with QoS 1 and the component's {@code retain}, through the client id
 * {@code <consumerID>-producer} (connected at the first call); a failed publish is tried again 3 times, 200 ms
 * apart, as daprd does.
 *
 * <p>Input: reading connects the client id {@code <consumerID>-consumer} and subscribes to the component's topic
 * (wildcards {@code +} and {@code #} allowed) with QoS 1. Each message goes to the handler with the {@code topic} it
 * was published to as metadata; handlers run concurrently (as in daprd, messages are not handled in order). A
 * message is acknowledged once the handler returned; when the handler throws it is offered again every 5 s, at most
 * {@code backOffMaxRetries} times (0 by default; -1 for ever), then left unacknowledged, so that the broker sends it
 * again after the next reconnect. Closing the reader disconnects without unsubscribing: with {@code cleanSession:
 * false} (the default) the broker keeps queueing for the client id. One reader at a time.
 */
public final class MqttBinding implements InputBinding, OutputBinding {
  /** The component type; daprd registers the alias {@link #ALIAS}. */
  public static final String TYPE = "bindings.mqtt3";
  /** daprd's other name for this component type. */
  public static final String ALIAS = "bindings.mqtt";
  /** How long the input binding waits before offering a failed event again (daprd's constant back-off). */
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

  private static final System.Logger LOG = System.getLogger(MqttBinding.class.getName());
  private static final int PUBLISH_RETRIES = 3;
  private static final Duration PUBLISH_RETRY_WAIT = Duration.ofMillis(200);

  private final AtomicBoolean reading = new AtomicBoolean();
  private MqttSettings settings;
  private MqttLink producer;
  private volatile BindingReader reader;
  private volatile boolean closed;

  /** A component to be initialized with {@link #init}. */
  public MqttBinding() {
  }

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    settings = MqttSettings.forBinding(metadata);
    if (metadata.get("qos").isPresent()) {
      LOG.log(Level.WARNING, "{0}: metadata qos is deprecated and ignored; qos is 1", settings.label());
    }
  }

  @Override
  public List<String> operations() {
    return List.of("create");
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    String topic = request.metadata().getOrDefault("topic", "");
    if (topic.isEmpty()) {
      topic = settings.topic();
    }
    MqttLink link = producer();
    Exception last = null;
    for (int attempt = 0; attempt <= PUBLISH_RETRIES; attempt++) {
      if (attempt > 0) {
        try {
          Thread.sleep(PUBLISH_RETRY_WAIT.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      try {
        link.publish(topic, request.data(), settings.qos(), settings.retain());
        return BindingResponse.EMPTY;
      } catch (MqttException | RuntimeException e) {
        last = e;
        if (e instanceof IllegalArgumentException) {
          break;
        }
      }
    }
    throw new BindingException(settings.label() + ": failed to publish to topic " + topic + ": "
        + settings.scrubText(last == null ? "interrupted" : String.valueOf(last.getMessage())), last);
  }

  private synchronized MqttLink producer() throws BindingException {
    if (closed) {
      throw new BindingException(settings.label() + ": binding is closed");
    }
    if (producer == null) {
      producer = connect(settings.consumerId() + "-producer", Redelivery.constant(RETRY_INTERVAL, 0));
    }
    return producer;
  }

  private MqttLink connect(String clientId, Redelivery redelivery) throws BindingException {
    MqttLink link;
    try {
      link = new MqttLink(settings, clientId, redelivery);
    } catch (MqttException | IllegalArgumentException e) {
      throw new BindingException(settings.label() + ": invalid url or client id " + clientId + ": "
          + settings.scrubText(e.getMessage()), e);
    }
    try {
      link.connect();
      return link;
    } catch (MqttException | RuntimeException e) {
      link.close();
      throw new BindingException(settings.label() + ": failed to connect to the broker at " + settings.brokerText()
          + " as client " + clientId + ": " + settings.scrubText(e.getMessage()), e);
    }
  }

  @Override
  public BindingReader read(InputHandler handler) throws BindingException {
    if (closed) {
      throw new BindingException(settings.label() + ": binding is closed");
    }
    if (!reading.compareAndSet(false, true)) {
      throw new BindingException(settings.label() + ": the subscription is already active");
    }
    MqttLink consumer;
    MqttLink.Tap tap;
    try {
      consumer = connect(settings.consumerId() + "-consumer",
          Redelivery.constant(RETRY_INTERVAL, settings.backOffMaxRetries()));
      try {
        tap = consumer.subscribe(settings.topic(), a -> handler.handle(new BindingEvent(a.payload(),
            Map.of("topic", a.topic()), null)), false);
      } catch (MqttException | RuntimeException e) {
        consumer.close();
        throw new BindingException(settings.label() + ": cannot subscribe to topic " + settings.topic() + ": "
            + settings.scrubText(e.getMessage()), e);
      }
    } catch (BindingException e) {
      reading.set(false);
      throw e;
    }
    AtomicBoolean done = new AtomicBoolean();
    BindingReader started = () -> {
      if (done.compareAndSet(false, true)) {
        tap.close();
        consumer.close();
        reading.set(false);
      }
    };
    reader = started;
    return started;
  }

  /** Closes the active reader, if any, and the producer's connection. */
  @Override
  public synchronized void close() {
    closed = true;
    BindingReader active = reader;
    if (active != null) {
      active.close();
    }
    if (producer != null) {
      producer.close();
      producer = null;
    }
  }
}
