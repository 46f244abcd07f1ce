package io.jdaprd.spi.state;

import java.util.Map;

/**
 * Deletes one key. Deleting a missing key succeeds unless an ETag was given.
 *
 * @param key the stored key, prefix included
 * @param etag the ETag the stored value must have, or {@code null} for none
 * @param metadata request metadata (never {@code null})
 * @param concurrency the concurrency option, or {@code null}
 * @param consistency the consistency option, or {@code null}
 */
public record DeleteRequest(String key, String etag, Map<String, String> metadata, Concurrency concurrency,
    Consistency consistency) {
  public DeleteRequest {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
