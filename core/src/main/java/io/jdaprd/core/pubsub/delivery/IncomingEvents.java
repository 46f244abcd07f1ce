package io.jdaprd.core.pubsub.delivery;

import io.jdaprd.core.pubsub.CloudEvents;
import io.jdaprd.core.pubsub.DeadLetters;
import io.jdaprd.core.pubsub.routing.RouteMatcher;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.spi.pubsub.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first half of delivering a message, shared by single and bulk delivery: the message is read as a CloudEvent
 * (or wrapped as one with the subscription's {@code rawPayload}), an expired event is dropped, and the routing rules
 * choose its path. What cannot go on is dead-lettered when the subscription has a dead-letter topic.
 */
final class IncomingEvents {
  private static final Logger LOG = LoggerFactory.getLogger(IncomingEvents.class);

  private final TopicSubscription subscription;
  private final RouteMatcher routes;
  private final DeadLetters deadLetters;
  private final CloudEvents cloudEvents;
  private final boolean rawPayload;

  IncomingEvents(TopicSubscription subscription, RouteMatcher routes, DeadLetters deadLetters,
      CloudEvents cloudEvents) {
    this.subscription = subscription;
    this.routes = routes;
    this.deadLetters = deadLetters;
    this.cloudEvents = cloudEvents;
    this.rawPayload = Boolean.parseBoolean(subscription.metadata().getOrDefault("rawPayload", "false"));
  }

  /**
   * A message ready for its target.
   *
   * @param message the message as the broker delivered it
   * @param event the CloudEvent; {@code null} for a raw payload ({@link #readRaw})
   * @param json the CloudEvent as JSON (the HTTP body); the payload for a raw payload
   * @param path the route chosen
   * @param metadata the message metadata plus {@code pubsubName}
   */
  record Routed(Message message, Map<String, Object> event, byte[] json, String path, Map<String, String> metadata) {
  }

  /** The subscription these events belong to. */
  TopicSubscription subscription() {
    return subscription;
  }

  /**
   * Reads and routes {@code message}; empty when it was dropped (expired, or no route matched: acknowledged).
   *
   * @throws Exception when the message cannot be read and there is no dead-letter topic to take it (the broker
   *     should deliver it again)
   */
  Optional<Routed> read(Message message) throws Exception {
    Map<String, Object> event;
    try {
      event = cloudEvents.readDelivered(message, subscription.pubsubName(), rawPayload);
    } catch (CloudEvents.NotACloudEventException e) {
      LOG.error("error deserializing cloud event in pubsub {} and topic {}: {}", subscription.pubsubName(),
          message.topic(), e.getMessage());
      deadLetterOrThrow(message, e);
      return Optional.empty();
    }
    if (CloudEvents.isExpired(event, Instant.now())) {
      LOG.warn("dropping expired pub/sub event {} as of {}", event.get("id"), event.get("expiration"));
      deadLetterQuietly(message);
      return Optional.empty();
    }
    RouteMatcher.Result route = routes.route(event);
    if (route instanceof RouteMatcher.Failed failed) {
      LOG.error("error finding matching route for event {} in pubsub {} and topic {}: {}: {}", event.get("id"),
          subscription.pubsubName(), message.topic(), failed.match(), failed.reason());
      deadLetterOrThrow(message, new IllegalStateException("match " + failed.match() + ": " + failed.reason()));
      return Optional.empty();
    }
    Optional<String> path = route.deliverPath();
    if (path.isEmpty()) {
      LOG.debug("no matching route for event {} in pubsub {} and topic {}; skipping", event.get("id"),
          subscription.pubsubName(), message.topic());
      deadLetterQuietly(message);
      return Optional.empty();
    }
    Map<String, String> metadata = new LinkedHashMap<>(message.metadata());
    metadata.put("pubsubName", subscription.pubsubName());
    return Optional.of(new Routed(message, event, rawPayload ? CloudEvents.toJson(event) : message.data(),
        path.get(), metadata));
  }

  /** Whether the subscription asks for raw payloads ({@code rawPayload} metadata). */
  boolean rawPayload() {
    return rawPayload;
  }

  /**
   * Routes the raw payload of a bulk subscription's message, as daprd does: the message is not read as a CloudEvent
   * (no expiry), and the rules see {@code event} as the payload's text. Empty when it was dropped (no route matched:
   * acknowledged).
   *
   * @throws Exception when a rule fails and there is no dead-letter topic to take the message
   */
  Optional<Routed> readRaw(Message message) throws Exception {
    byte[] data = message.data() == null ? new byte[0] : message.data();
    RouteMatcher.Result route = routes.route(new String(data, StandardCharsets.UTF_8));
    if (route instanceof RouteMatcher.Failed failed) {
      LOG.error("error finding matching route for a raw event in bulk subscribe {} and topic {}: {}: {}",
          subscription.pubsubName(), message.topic(), failed.match(), failed.reason());
      deadLetterOrThrow(message, new IllegalStateException("match " + failed.match() + ": " + failed.reason()));
      return Optional.empty();
    }
    Optional<String> path = route.deliverPath();
    if (path.isEmpty()) {
      LOG.debug("no matching route for a raw event in pubsub {} and topic {}; skipping", subscription.pubsubName(),
          message.topic());
      deadLetterQuietly(message);
      return Optional.empty();
    }
    Map<String, String> metadata = new LinkedHashMap<>(message.metadata());
    metadata.put("pubsubName", subscription.pubsubName());
    return Optional.of(new Routed(message, null, data, path.get(), metadata));
  }

  /** Dead-letters the message when a topic is configured; otherwise, or when that fails, throws {@code cause}. */
  void deadLetterOrThrow(Message message, Exception cause) throws Exception {
    if (!subscription.deadLetterTopic().isEmpty()) {
      try {
        deadLetters.send(subscription.pubsubName(), subscription.deadLetterTopic(), message);
        return;
      } catch (Exception e) {
        LOG.warn("failed to send the message to the dead-letter topic {} of pubsub {}: {}",
            subscription.deadLetterTopic(), subscription.pubsubName(), e.getMessage());
      }
    }
    throw cause;
  }

  /** Dead-letters a message the app dropped; without a dead-letter topic the message is simply acknowledged. */
  void deadLetterDropped(Message message) throws Exception {
    if (!subscription.deadLetterTopic().isEmpty()) {
      deadLetters.send(subscription.pubsubName(), subscription.deadLetterTopic(), message);
    }
  }

  private void deadLetterQuietly(Message message) {
    try {
      deadLetterDropped(message);
    } catch (Exception e) {
      LOG.warn("failed to send the message to the dead-letter topic {} of pubsub {}: {}",
          subscription.deadLetterTopic(), subscription.pubsubName(), e.getMessage());
    }
  }
}
