package io.jdaprd.core.pubsub;

import io.jdaprd.core.appchannel.BulkEventReply;
import io.jdaprd.core.appchannel.BulkTopicEventDelivery;
import io.jdaprd.core.appchannel.EventReply;
import io.jdaprd.core.appchannel.TopicEventDelivery;

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
