package io.jdaprd.spi.state;

import java.util.List;
import java.util.Map;

/**
 * One page of query results.
 *
 * @param items the matching values, in order
 * @param token the token for the next page, or {@code null} when this is the last
 * @param metadata response metadata
 */
public record QueryResult(List<Item> items, String token, Map<String, String> metadata) {

  public QueryResult {
    items = List.copyOf(items);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** One result: the stored key, its value and ETag. */
  public record Item(String key, byte[] data, String etag) {
  }
}
