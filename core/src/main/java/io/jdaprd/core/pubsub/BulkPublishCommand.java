package io.jdaprd.core.pubsub;

import java.util.List;
import java.util.Map;

/**
 * A bulk publish request as an API adapter parsed it.
 *
 * @param pubsubName the pub/sub component
 * @param topic the topic
 * @param entries the events
 * @param metadata the request metadata (entry metadata overrides it, key by key)
 * @param transport the API it came through
 * @param traceparent the caller's W3C {@code traceparent}, or {@code null}
 * @param tracestate the caller's W3C {@code tracestate}, or {@code null}
 */
public record BulkPublishCommand(String pubsubName, String topic, List<Entry> entries, Map<String, String> metadata,
    PublishCommand.Transport transport, String traceparent, String tracestate) {
  public BulkPublishCommand {
    entries = List.copyOf(entries);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * One event.
   *
   * @param entryId its id, unique within the request
   * @param event the event's bytes (HTTP adapters have already turned the JSON {@code event} into bytes by its
   *     content type)
   * @param contentType the event's content type
   * @param metadata the entry's metadata, or {@code null} when it has none
   */
  public record Entry(String entryId, byte[] event, String contentType, Map<String, String> metadata) {
    public Entry {
      entryId = entryId == null ? "" : entryId;
      event = event == null ? new byte[0] : event;
      metadata = metadata == null ? null : Map.copyOf(metadata);
    }
  }
}
