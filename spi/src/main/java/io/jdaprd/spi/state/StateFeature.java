package io.jdaprd.spi.state;

/** The capabilities a state store reports, with Dapr's names (shown in the metadata API). */
public enum StateFeature {
  /** Optimistic concurrency: every write returns a new ETag, and writes and deletes can be made conditional. */
  ETAG,
  /** Atomic multi-operation transactions ({@link TransactionalStateStore}). */
  TRANSACTIONAL,
  /** The query API ({@link QueryableStateStore}). */
  QUERY_API,
  /** Per-item time to live through the {@code ttlInSeconds} request metadata. */
  TTL,
  /** Deletion of every key with a prefix. */
  DELETE_WITH_PREFIX,
  /** Partition keys in request metadata. */
  PARTITION_KEY,
  /** Key listing by pattern. */
  KEYS_LIKE
}
