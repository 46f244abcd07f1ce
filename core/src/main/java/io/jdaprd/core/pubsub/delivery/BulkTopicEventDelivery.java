package io.jdaprd.core.pubsub.delivery;

import java.util.List;
import java.util.Map;

/**
 * A batch of events to deliver to one path (bulk subscribe).
 *
 * @param id the batch id (a UUID)
 * @param path the route path
 * @param pubsubName the pub/sub component
 * @param topic the topic
 * @param entries the events
 * @param metadata batch metadata (includes {@code pubsubName})
 */
public record BulkTopicEventDelivery(String id, String path, String pubsubName, String topic,
    List<Entry> entries, Map<String, String> metadata) {
  public BulkTopicEventDelivery {
    entries = List.copyOf(entries);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * One event of a batch.
   *
   * @param entryId its id within the batch
   * @param cloudEvent the CloudEvent, parsed (the HTTP body carries it as {@code event})
   * @param contentType {@code application/cloudevents+json} for a CloudEvent
   * @param metadata the message's metadata
   */
  public record Entry(String entryId, Map<String, Object> cloudEvent, String contentType,
      Map<String, String> metadata) {
    public Entry {
      metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
  }
}
