package io.jdaprd.spi.state;

import java.util.Map;

/**
 * A value as read from a store.
 *
 * @param data the stored bytes, exactly as written
 * @param etag the current ETag, or {@code null} when the store has no ETags
 * @param metadata response metadata, for example {@code ttlExpireTime} (RFC 3339, UTC) for an item with a TTL
 */
public record StoredValue(byte[] data, String etag, Map<String, String> metadata) {
  public StoredValue {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
