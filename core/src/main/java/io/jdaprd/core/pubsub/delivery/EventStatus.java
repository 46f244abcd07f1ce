package io.jdaprd.core.pubsub.delivery;

/** What the app said about an event, Dapr's {@code TopicEventResponse} statuses. */
public enum EventStatus {
  /** Handled: acknowledge it. */
  SUCCESS,
  /** Not handled: deliver it again. */
  RETRY,
  /** Not wanted: drop it (to the dead-letter topic when the reply allows). */
  DROP
}
