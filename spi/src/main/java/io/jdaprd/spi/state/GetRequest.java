package io.jdaprd.spi.state;

import java.util.Map;

/**
 * Reads one key.
 *
 * @param key the stored key, prefix included
 * @param metadata request metadata (never {@code null})
 * @param consistency the requested consistency, or {@code null} for the store's default
 */
public record GetRequest(String key, Map<String, String> metadata, Consistency consistency) {
  public GetRequest {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
