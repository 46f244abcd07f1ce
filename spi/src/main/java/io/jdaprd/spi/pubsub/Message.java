package io.jdaprd.spi.pubsub;

import java.util.Map;

/**
 * A message the broker delivers.
 *
 * @param topic the topic it was published to
 * @param data the bytes as published
 * @param contentType the content type the broker kept with it, or {@code null}
 * @param metadata what the broker tells about the message (for example a Redis stream id); may be empty
 */
public record Message(String topic, byte[] data, String contentType, Map<String, String> metadata) {
  public Message {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
