package io.jdaprd.components.nats;

import io.nats.client.api.ConsumerConfiguration;
import java.time.ZoneOffset;

/**
 * How a subscription's durable push consumer is named and configured: from the component's settings, the consumer id
 * and the topic. Pure functions, so that every sidecar of an app arrives at the same consumer.
 */
final class ConsumerPlans {
  private final JetStreamSettings settings;
  private final String inboxPrefix;

  /**
   * @param settings the component's settings
   * @param inboxPrefix the connection's inbox prefix ({@code _INBOX.} by default), which deliver subjects start with
   */
  ConsumerPlans(JetStreamSettings settings, String inboxPrefix) {
    this.settings = settings;
    this.inboxPrefix = inboxPrefix.endsWith(".") ? inboxPrefix : inboxPrefix + ".";
  }

  /** {@code durableName} when set, else the consumer id and the topic as a valid consumer name. */
  String consumerName(String consumerId, String topic) {
    if (settings.durableName() != null) {
      return settings.durableName();
    }
    return StreamCatalog.safeName(consumerId + "__" + topic);
  }

  /** The queue group of the subscribers of {@code consumer}, or {@code null} when it takes one subscriber at a time. */
  String queueGroup(String consumer) {
    if (settings.exclusiveSubscriptions()) {
      return null;
    }
    return settings.queueGroupName() != null ? settings.queueGroupName() : consumer;
  }

  /** The deliver subject of a new consumer: the same for every subscriber, so that they share the consumer. */
  String deliverSubject(String stream, String consumer) {
    return inboxPrefix + "jdaprd." + stream + "." + consumer;
  }

  /** The configuration of {@code consumer}, filtered to {@code topic}, delivering to {@code deliverSubject}. */
  ConsumerConfiguration configuration(String topic, String consumer, String deliverSubject) {
    ConsumerConfiguration.Builder b = ConsumerConfiguration.builder().durable(consumer).filterSubject(topic)
        .deliverSubject(deliverSubject).deliverPolicy(settings.deliverPolicy()).ackPolicy(settings.ackPolicy());
    String queue = queueGroup(consumer);
    if (queue != null) {
      b.deliverGroup(queue);
    }
    if (settings.startSequence() > 0) {
      b.startSequence(settings.startSequence());
    }
    if (settings.startTime() != null) {
      b.startTime(settings.startTime().atZone(ZoneOffset.UTC));
    }
    if (settings.heartbeat() != null) {
      b.idleHeartbeat(settings.heartbeat());
    }
    if (settings.flowControl()) {
      b.flowControl(settings.heartbeat());
    }
    if (settings.ackWait() != null) {
      b.ackWait(settings.ackWait());
    }
    if (settings.maxDeliver() != 0) {
      b.maxDeliver(settings.maxDeliver());
    }
    if (!settings.backOff().isEmpty()) {
      b.backoff(settings.backOff().toArray(java.time.Duration[]::new));
    }
    if (settings.maxAckPending() != 0) {
      b.maxAckPending(settings.maxAckPending());
    }
    if (settings.replicas() > 0) {
      b.numReplicas(settings.replicas());
    }
    if (settings.memoryStorage()) {
      b.memStorage(true);
    }
    if (settings.rateLimit() > 0) {
      b.rateLimit(settings.rateLimit());
    }
    return b.build();
  }
}
