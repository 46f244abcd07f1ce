package io.jdaprd.spi.state;

import java.util.Map;

/**
 * Writes one key.
 *
 * @param key the stored key, prefix included
 * @param value the bytes to store
 * @param etag the ETag the stored value must have, or {@code null} for none (an empty string is an ETag too, and
 *     matches nothing)
 * @param metadata request metadata, for example {@code ttlInSeconds} (never {@code null})
 * @param concurrency the concurrency option, or {@code null} for last-write
 * @param consistency the consistency option, or {@code null}
 */
public record SetRequest(String key, byte[] value, String etag, Map<String, String> metadata,
    Concurrency concurrency, Consistency consistency) {
  public SetRequest {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** Whether an existing key without a matching ETag must make this write fail. */
  public boolean firstWrite() {
    return concurrency == Concurrency.FIRST_WRITE;
  }
}
