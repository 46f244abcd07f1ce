package io.jdaprd.components.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.golang.GoDurations;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * {@code pubsub.rabbitmq}: topics as RabbitMQ exchanges and consumer groups as queues, declared with daprd's names and
 * arguments (see {@link RabbitMqTopology}) so that daprd and jdaprd sidecars exchange messages through one broker.
 *
 * <p>Publishing declares the topic's exchange and publishes the bytes with the request's content type (or the
 * {@code contentType} metadata), the component's {@code deliveryMode}, and the expiration given by the
 * {@code ttlInSeconds} (or {@code ttl}) metadata, else the component's {@code ttlInSeconds}; {@code routingKey},
 * {@code priority}, {@code messageID}, {@code correlationID} and {@code type} metadata set the AMQP fields of those
 * names. It returns once the broker has the message: with {@code publisherConfirm}, once the broker confirmed it.
 *
 * <p>A subscription consumes the queue {@code <consumerID>-<topic>}, where the consumer id is the subscription's
 * {@code consumerID} metadata, else the component's, else the app id. Handler success acknowledges; failure rejects
 * with {@code requeue = requeueInFailure} (see {@link RabbitMqConsumer}). The broker expires messages itself
 * ({@link PubSubFeature#MESSAGE_TTL}). The component reports {@link PubSubFeature#DURABLE} only when its settings
 * keep every message until a handler succeeded: durable exchanges and queues that are not deleted when unused,
 * persistent messages ({@code deliveryMode: 2}), manual acknowledgement and {@code requeueInFailure: true}.
 *
 * <p>After the broker goes away the component reconnects every {@code reconnectWaitSeconds} and resumes its
 * subscriptions by itself; meanwhile a publish fails with a {@link PubSubException}. Messages never contain the
 * password.
 */
public final class RabbitMqPubSub implements PubSub {
  /** The component type. */
  public static final String TYPE = "pubsub.rabbitmq";

  private final Set<RabbitMqConsumer> subscriptions = ConcurrentHashMap.newKeySet();
  private RabbitMqSettings settings;
  private RabbitMqTopology topology;
  private RabbitMqLink link;
  private Set<PubSubFeature> features = Set.of();
  private volatile boolean closed;

  /** A component to be initialized with {@link #init}. */
  public RabbitMqPubSub() {
  }

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    settings = RabbitMqSettings.from(metadata);
    topology = new RabbitMqTopology(settings);
    String label = "component " + metadata.name() + " (" + TYPE + ")";
    try {
      link = new RabbitMqLink(label, settings, topology);
    } catch (GeneralSecurityException | IOException e) {
      throw metadata.invalid("caCert", "(set)", "PEM certificates of the broker's certificate authority");
    } catch (IllegalArgumentException e) {
      throw metadata.invalid("connectionString", settings.brokerText(),
          "amqp://[username[:password]@]host[:port][/vhost] with a vhost without '/'");
    }
    try {
      link.connect();
    } catch (IOException | TimeoutException | RuntimeException e) {
      link.close();
      throw new ComponentException(label + ": cannot connect to the broker at " + settings.brokerText() + ": "
          + settings.scrub(RabbitMqLink.reason(e)), e);
    }
    EnumSet<PubSubFeature> reported = EnumSet.of(PubSubFeature.MESSAGE_TTL);
    if (settings.durable() && !settings.deleteWhenUnused() && settings.deliveryMode() == 2 && !settings.autoAck()
        && settings.requeueInFailure()) {
      reported.add(PubSubFeature.DURABLE);
    }
    features = Set.copyOf(reported);
  }

  @Override
  public Set<PubSubFeature> features() {
    return features;
  }

  @Override
  public void publish(PublishRequest request) throws PubSubException {
    if (closed) {
      throw new PubSubException(link.label() + ": the component is closed");
    }
    String routingKey = RabbitMqTopology.value(request.metadata(), "routingKey");
    link.publish(request.topic(), routingKey == null ? "" : routingKey, properties(request), request.data());
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) throws PubSubException {
    if (closed) {
      throw new PubSubException(link.label() + ": the component is closed");
    }
    String queue = RabbitMqTopology.value(request.metadata(), "queueName");
    if (queue == null) {
      String consumerId = RabbitMqTopology.value(request.metadata(), "consumerID");
      queue = RabbitMqTopology.queueName(consumerId == null ? settings.consumerId() : consumerId, request.topic());
    }
    RabbitMqConsumer consumer = new RabbitMqConsumer(link, settings, topology, request.topic(), queue,
        request.metadata(), handler);
    link.register(consumer);
    try {
      consumer.start(link.openConnection());
    } catch (IOException | RuntimeException e) {
      consumer.close();
      throw link.failure("subscribing queue " + queue + " to topic " + request.topic(), e);
    } catch (PubSubException e) {
      consumer.close();
      throw e;
    }
    subscriptions.add(consumer);
    return new Subscription() {
      @Override
      public void close() {
        subscriptions.remove(consumer);
        consumer.close();
      }
    };
  }

  /** Passes when the connection to the broker is open. */
  @Override
  public void check() throws ComponentException {
    if (!link.isOpen()) {
      throw new ComponentException(link.label() + ": not connected to the broker at " + settings.brokerText());
    }
  }

  /** Closes every subscription (waiting, bounded, for their handlers in flight), then the connection. */
  @Override
  public void close() {
    if (closed || link == null) {
      closed = true;
      return;
    }
    closed = true;
    List<RabbitMqConsumer> open = new ArrayList<>(subscriptions);
    subscriptions.clear();
    List<Thread> closing = new ArrayList<>();
    for (RabbitMqConsumer consumer : open) {
      closing.add(Thread.ofVirtual().start(consumer::close));
    }
    for (Thread t : closing) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    link.close();
  }

  private AMQP.BasicProperties properties(PublishRequest request) throws PubSubException {
    var metadata = request.metadata();
    String contentType = RabbitMqTopology.value(metadata, "contentType");
    if (contentType == null) {
      contentType = request.contentType() == null || request.contentType().isEmpty() ? "text/plain"
          : request.contentType();
    }
    AMQP.BasicProperties.Builder builder = new AMQP.BasicProperties.Builder().contentType(contentType)
        .deliveryMode(settings.deliveryMode() == 0 ? null : settings.deliveryMode())
        .messageId(RabbitMqTopology.value(metadata, "messageID"))
        .correlationId(RabbitMqTopology.value(metadata, "correlationID"))
        .type(RabbitMqTopology.value(metadata, "type"));
    Duration ttl = ttl(request);
    if (ttl != null) {
      builder.expiration(String.valueOf(ttl.toMillis()));
    }
    String priority = RabbitMqTopology.value(metadata, "priority");
    if (priority != null) {
      builder.priority(priority(request.topic(), priority));
    }
    return builder.build();
  }

  /** The message's expiration: its {@code ttl} or {@code ttlInSeconds}, else the component's, else none. */
  private Duration ttl(PublishRequest request) throws PubSubException {
    String key = RabbitMqTopology.value(request.metadata(), "ttl") != null ? "ttl" : "ttlInSeconds";
    String value = RabbitMqTopology.value(request.metadata(), key);
    if (value == null) {
      return settings.defaultTtl();
    }
    Duration ttl = GoDurations.parseMetadata(value, ChronoUnit.SECONDS).orElse(null);
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      throw new PubSubException(link.label() + ": publish metadata " + key + " of topic " + request.topic() + ": "
          + value + " (expected: a number of seconds greater than zero, or a duration such as 90s)");
    }
    return ttl;
  }

  private int priority(String topic, String value) throws PubSubException {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0 && n <= 255) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new PubSubException(link.label() + ": publish metadata priority of topic " + topic + ": " + value
        + " (expected: an integer from 0 to 255)");
  }
}
