package io.jdaprd.spi.pubsub;

/** The capabilities a broker reports, with Dapr's names where Dapr has them (shown in the metadata API). */
public enum PubSubFeature {
  /** The broker discards expired messages itself, given the {@code ttlInSeconds} publish metadata. */
  MESSAGE_TTL,
  /** Native bulk publish ({@link PubSub#bulkPublish} is more than a loop); Dapr names it {@code BULK_PUBSUB}. */
  BULK_PUBSUB,
  /** Topic names with wildcards subscribe to several topics. */
  SUBSCRIBE_WILDCARDS,
  /**
   * Accepted messages survive a broker restart and a message whose handler failed is delivered again
   * (at least once). Not one of Dapr's feature names: the runtime uses it to choose how hard to retry.
   */
  DURABLE
}
