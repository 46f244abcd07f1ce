package io.jdaprd.spi.pubsub;

import java.util.Map;

/**
 * One message to publish.
 *
 * @param topic the topic
 * @param data the bytes to store: a serialized CloudEvent, or the raw payload with {@code rawPayload}
 * @param contentType the content type of {@code data} ({@code application/cloudevents+json} for an envelope)
 * @param metadata request metadata: {@code ttlInSeconds}, {@code rawPayload} and broker-specific keys such as
 *     {@code maxLenApprox}
 * @param entryId the bulk entry id, or {@code null} for a single publish
 */
public record PublishRequest(String topic, byte[] data, String contentType, Map<String, String> metadata,
    String entryId) {
  public PublishRequest {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A single publish. */
  public PublishRequest(String topic, byte[] data, String contentType, Map<String, String> metadata) {
    this(topic, data, contentType, metadata, null);
  }
}
