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
 * @param metadata batch metadata (includes {@code pubsubName}), sent in the envelope and as the call's headers
 * @param trace the trace context of the call ({@code traceparent}, {@code tracestate}), sent as headers only (not in
 *     the envelope's metadata); empty when the call continues no span
 */
public record BulkTopicEventDelivery(String id, String path, String pubsubName, String topic,
    List<Entry> entries, Map<String, String> metadata, Map<String, String> trace) {
  public BulkTopicEventDelivery {
    entries = List.copyOf(entries);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    trace = trace == null ? Map.of() : Map.copyOf(trace);
  }

  /** A batch that continues no span. */
  public BulkTopicEventDelivery(String id, String path, String pubsubName, String topic, List<Entry> entries,
      Map<String, String> metadata) {
    this(id, path, pubsubName, topic, entries, metadata, Map.of());
  }

  /** The batch with the trace context {@code trace} for its call. */
  public BulkTopicEventDelivery withTrace(Map<String, String> trace) {
    return new BulkTopicEventDelivery(id, path, pubsubName, topic, entries, metadata, trace);
  }

  /** What the call's headers are made of: the metadata, then the trace context over it. */
  public Map<String, String> headerMetadata() {
    if (trace.isEmpty()) {
      return metadata;
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    metadata.forEach((k, v) -> {
      if (!trace.containsKey(k.toLowerCase(java.util.Locale.ROOT))) {
        out.put(k, v);
      }
    });
    out.putAll(trace);
    return out;
  }

  /**
   * One event of a batch: a CloudEvent, or the raw payload of a {@code rawPayload} subscription.
   *
   * @param entryId its id within the batch
   * @param cloudEvent the CloudEvent, parsed (the HTTP body carries it as {@code event}); {@code null} for a raw entry
   * @param rawEvent the message's bytes as the broker delivered them, for a raw entry (HTTP carries them base64 as
   *     {@code event}, gRPC as the {@code bytes} event); {@code null} for a CloudEvent
   * @param contentType for a CloudEvent {@code application/cloudevents+json}; for a raw entry the content type the
   *     broker kept with the message, empty when it kept none (HTTP then says {@code application/octet-stream}, as
   *     daprd does; gRPC sends it as it is)
   * @param metadata the message's metadata
   */
  public record Entry(String entryId, Map<String, Object> cloudEvent, byte[] rawEvent, String contentType,
      Map<String, String> metadata) {
    public Entry {
      metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
      contentType = contentType == null ? "" : contentType;
    }

    /** A CloudEvent entry. */
    public Entry(String entryId, Map<String, Object> cloudEvent, String contentType, Map<String, String> metadata) {
      this(entryId, cloudEvent, null, contentType, metadata);
    }

    /** A raw-payload entry. */
    public static Entry raw(String entryId, byte[] rawEvent, String contentType, Map<String, String> metadata) {
      return new Entry(entryId, null, rawEvent, contentType, metadata);
    }

    /** Whether this is a raw-payload entry. */
    public boolean isRaw() {
      return rawEvent != null;
    }
  }
}
