package io.jdaprd.core.pubsub.delivery;

import io.jdaprd.core.metrics.Metrics;
import java.util.Locale;

/**
 * An {@link EventTarget} that records each delivery as daprd does: {@code dapr_component_pubsub_ingress_count} and
 * {@code _latencies}, labelled with the pub/sub, the topic and the outcome ({@code success}, {@code retry},
 * {@code drop}).
 */
final class MeteredEventTarget implements EventTarget {
  private final EventTarget target;
  private final Metrics metrics;

  MeteredEventTarget(EventTarget target, Metrics metrics) {
    this.target = target;
    this.metrics = metrics;
  }

  @Override
  public EventReply deliver(TopicEventDelivery event) {
    long start = System.nanoTime();
    EventReply reply = target.deliver(event);
    String outcome = reply.status().name().toLowerCase(Locale.ROOT);
    metrics.pubsubIngress(event.pubsubName(), event.topic(), outcome, null, System.nanoTime() - start);
    return reply;
  }

  @Override
  public BulkEventReply deliverBulk(BulkTopicEventDelivery batch) {
    return target.deliverBulk(batch);
  }
}
