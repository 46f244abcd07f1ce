package io.jdaprd.core.state;

import java.util.List;
import java.util.Map;

/** The protocol-neutral requests and results of the state block. Strings stay as the client sent them. */
public final class StateRequests {
  private StateRequests() {
  }

  /**
   * One item to save, or one upsert of a transaction.
   *
   * @param key the user key (not prefixed)
   * @param value the bytes to store (HTTP: Go's re-encoding of the JSON value; gRPC: the bytes as sent)
   * @param etag the ETag, or {@code null} for none
   * @param metadata item metadata, request metadata already merged in
   * @param concurrency {@code first-write}, {@code last-write}, or {@code null}
   * @param consistency {@code strong}, {@code eventual}, or {@code null}
   */
  public record Item(String key, byte[] value, String etag, Map<String, String> metadata, String concurrency,
      String consistency) {
    public Item {
      metadata = metadata == null ? Map.of() : metadata;
    }
  }

  /**
   * One transaction operation.
   *
   * @param operation {@code upsert} or {@code delete} (anything else is refused)
   * @param request the item (for a delete, only key, ETag, metadata and options count)
   */
  public record Operation(String operation, Item request) {
  }

  /**
   * A transaction.
   *
   * @param operations the operations, in order
   * @param metadata transaction-level metadata
   */
  public record Transaction(List<Operation> operations, Map<String, String> metadata) {
    public Transaction {
      metadata = metadata == null ? Map.of() : metadata;
    }
  }

  /**
   * A bulk get.
   *
   * @param keys the user keys
   * @param parallelism how many reads may run at once (0: the store decides)
   * @param metadata request metadata
   */
  public record BulkGet(List<String> keys, int parallelism, Map<String, String> metadata) {
    public BulkGet {
      metadata = metadata == null ? Map.of() : metadata;
    }
  }

  /**
   * A value read by {@code get}.
   *
   * @param data the stored bytes
   * @param etag the ETag, or {@code null}
   * @param metadata response metadata, for example {@code ttlExpireTime}
   */
  public record Entry(byte[] data, String etag, Map<String, String> metadata) {
  }

  /**
   * One result of a bulk get: data and ETag when found, nothing when absent.
   *
   * @param key the user key
   * @param data the stored bytes, or {@code null} when absent
   * @param etag the ETag, or {@code null}
   * @param metadata response metadata
   * @param error an error for this key alone, or {@code null}
   */
  public record BulkItem(String key, byte[] data, String etag, Map<String, String> metadata, String error) {
  }

  /**
   * A page of query results, keys without their prefix.
   *
   * @param results the matching items
   * @param token the next page's token, or {@code null}
   * @param metadata response metadata
   */
  public record QueryPage(List<BulkItem> results, String token, Map<String, String> metadata) {
  }
}
