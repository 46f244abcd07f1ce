package io.jdaprd.components.mqtt;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code pubsub.mqtt3} (daprd's alias {@code pubsub.mqtt}): topics are MQTT topics, published with the component's
 * {@code qos} (1 by default) and {@code retain} (the request's {@code retain} metadata overrides it).
 *
 * <p>A consumer group is an MQTT client id: a subscription uses the connection whose client id is its
 * {@code consumerID} metadata, else the component's, else the app id, and publishes go through the component's own
 * one (daprd uses that single connection for everything). With {@code cleanSession: false} (the default) the broker
 * keeps the session of each client id: its subscriptions, and the QoS 1 and 2 messages that arrive while the client
 * is away or that it has not acknowledged, so they survive a reconnect and, on a broker with persistence, a broker
 * restart. Closing a subscription therefore does not unsubscribe at the broker (daprd neither), unless the session
 * is clean or the subscription's {@code unsubscribeOnClose} metadata is true; messages that arrive meanwhile stay
 * unacknowledged and go to the next subscription of the topic.
 *
 * <p>Acknowledgement is manual and happens after the handler returned (see {@link MqttLink}); a message whose
 * handler threw is offered again, 1 s later doubling up to 10 s, for as long as the connection lasts, and the broker
 * sends it again after a reconnect. Subscriptions of one consumer id on one component compete for the messages of
 * their topic. Two sidecars with the same consumer id would take the broker's session from each other (MQTT allows
 * one connection per client id): replicas compete through shared subscriptions ({@code $share/<group>/<topic>},
 * MQTT 5 brokers and mosquitto), as with daprd. Topic filters with {@code +} and {@code #} are supported
 * ({@link PubSubFeature#SUBSCRIBE_WILDCARDS}); delivered messages carry the {@code retained} metadata.
 *
 * <p>The component reports {@link PubSubFeature#DURABLE} when {@code qos} is at least 1 and {@code cleanSession} is
 * false; whether a broker restart keeps the messages depends on the broker's persistence.
 */
public final class MqttPubSub implements PubSub {
  /** The component type; daprd registers the alias {@link #ALIAS}. */
  public static final String TYPE = "pubsub.mqtt3";
  /** daprd's other name for this component type. */
  public static final String ALIAS = "pubsub.mqtt";

  private final Map<String, MqttLink> links = new HashMap<>();
  private MqttSettings settings;
  private MqttLink publisher;
  private Set<PubSubFeature> features = Set.of();
  private volatile boolean closed;

  /** A component to be initialized with {@link #init}. */
  public MqttPubSub() {
  }

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    settings = MqttSettings.forPubSub(metadata);
    publisher = open(settings.consumerId());
    EnumSet<PubSubFeature> f = EnumSet.of(PubSubFeature.SUBSCRIBE_WILDCARDS);
    if (settings.qos() >= 1 && !settings.cleanSession()) {
      f.add(PubSubFeature.DURABLE);
    }
    features = Set.copyOf(f);
  }

  private MqttLink open(String clientId) throws ComponentException {
    MqttLink link;
    try {
      link = new MqttLink(settings, clientId, Redelivery.untilHandled());
    } catch (MqttException | IllegalArgumentException e) {
      throw new ComponentException(settings.label() + ": invalid url or client id " + clientId + ": "
          + settings.scrubText(e.getMessage()), e);
    }
    try {
      link.connect();
    } catch (MqttException | RuntimeException e) {
      link.close();
      throw new ComponentException(settings.label() + ": cannot connect to the broker at " + settings.brokerText()
          + " as client " + clientId + ": " + reason(e), e);
    }
    synchronized (links) {
      links.put(clientId, link);
    }
    return link;
  }

  @Override
  public Set<PubSubFeature> features() {
    return features;
  }

  @Override
  public void publish(PublishRequest request) throws PubSubException {
    if (closed) {
      throw new PubSubException(settings.label() + ": component is closed");
    }
    if (request.topic() == null || request.topic().isEmpty()) {
      throw new PubSubException(settings.label() + ": topic name is empty");
    }
    boolean retain = settings.retain();
    String value = request.metadata().get("retain");
    if (value != null && !value.isEmpty()) {
      retain = switch (value.toLowerCase(Locale.ROOT)) {
        case "true", "1", "t" -> true;
        case "false", "0", "f" -> false;
        default -> throw new PubSubException(settings.label() + ": invalid retain " + value);
      };
    }
    try {
      publisher.publish(request.topic(), request.data(), settings.qos(), retain);
    } catch (MqttException | RuntimeException e) {
      throw new PubSubException(settings.label() + ": cannot publish to topic " + request.topic() + " on the broker"
          + " at " + settings.brokerText() + ": " + reason(e), e);
    }
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) throws PubSubException {
    if (closed) {
      throw new PubSubException(settings.label() + ": component is closed");
    }
    String topic = request.topic();
    if (topic == null || topic.isEmpty()) {
      throw new PubSubException(settings.label() + ": topic name is empty");
    }
    String consumer = request.metadata().getOrDefault("consumerID", "");
    String clientId = consumer.isBlank() ? settings.consumerId() : consumer.trim();
    boolean unsubscribeOnClose = truthy(request.metadata().get("unsubscribeOnClose"));
    MqttLink link;
    synchronized (links) {
      link = links.get(clientId);
      if (link == null) {
        try {
          link = open(clientId);
        } catch (ComponentException e) {
          throw new PubSubException(e.getMessage(), e);
        }
      }
    }
    try {
      MqttLink.Tap tap = link.subscribe(topic, a -> handler.handle(new Message(a.topic(), a.payload(), null,
          Map.of("retained", String.valueOf(a.retained())))), unsubscribeOnClose);
      return tap::close;
    } catch (MqttException | RuntimeException e) {
      throw new PubSubException(settings.label() + ": cannot subscribe to topic " + topic + " as client " + clientId
          + ": " + reason(e), e);
    }
  }

  @Override
  public void check() throws PubSubException {
    if (publisher == null || !publisher.isConnected()) {
      throw new PubSubException(settings.label() + ": not connected to the broker at " + settings.brokerText());
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (links) {
      links.values().forEach(MqttLink::close);
      links.clear();
    }
  }

  private String reason(Exception e) {
    String message = e.getMessage();
    if (e.getCause() != null && e.getCause().getMessage() != null) {
      message = message + " (" + e.getCause().getMessage() + ")";
    }
    return settings.scrubText(message);
  }

  private static boolean truthy(String value) {
    return value != null && switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "y", "on" -> true;
      default -> false;
    };
  }
}
