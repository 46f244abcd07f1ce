package io.jdaprd.core.pubsub.routing;

/**
 * A subscription's {@code bulkSubscribe} block.
 *
 * @param enabled deliver events in batches
 * @param maxMessagesCount the most events in one batch (Dapr's default 100)
 * @param maxAwaitDurationMs how long a batch waits to fill (Dapr's default 1000 ms)
 */
public record BulkSubscribeSpec(boolean enabled, int maxMessagesCount, int maxAwaitDurationMs) {
  /** Bulk delivery off. */
  public static final BulkSubscribeSpec OFF = new BulkSubscribeSpec(false, 100, 1000);

  public BulkSubscribeSpec {
    maxMessagesCount = maxMessagesCount <= 0 ? 100 : maxMessagesCount;
    maxAwaitDurationMs = maxAwaitDurationMs <= 0 ? 1000 : maxAwaitDurationMs;
  }
}
