package io.jdaprd.spi.bindings;

import java.util.Map;

/**
 * One event an input binding read.
 *
 * @param data the event's bytes
 * @param metadata what the backend tells about the event (headers, topic, key); may be empty
 * @param contentType the content type of {@code data}, or {@code null} when the backend does not say
 */
public record BindingEvent(byte[] data, Map<String, String> metadata, String contentType) {
  public BindingEvent {
    data = data == null ? new byte[0] : data;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
