package io.jdaprd.spi.state;

/** Dapr's concurrency option for writes and deletes. */
public enum Concurrency {
  /** Without an ETag, a write only inserts: it fails with a mismatch when the key exists. */
  FIRST_WRITE,
  /** Without an ETag, the write wins unconditionally. The default. */
  LAST_WRITE
}
