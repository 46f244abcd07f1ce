package io.jdaprd.core.pubsub.delivery;


/**
 * Where a subscription's events go: the app channel, or a streaming subscriber's gRPC stream. Blocks until the
 * receiver has answered; never throws (a failure is a {@code RETRY} reply with its reason).
 */
public interface EventTarget {

  /** Delivers one event. */
  EventReply deliver(TopicEventDelivery event);

  /** Delivers a batch (bulk subscribe). */
  BulkEventReply deliverBulk(BulkTopicEventDelivery batch);
}
