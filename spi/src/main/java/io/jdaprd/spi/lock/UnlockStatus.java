package io.jdaprd.spi.lock;

/**
 * How a release ended, with the numbers of Dapr's {@code UnlockResponse.Status} (the HTTP API answers the number).
 */
public enum UnlockStatus {
  /** The owner held the lock; it is released. */
  SUCCESS(0),
  /** No lock is held on the resource (never taken, released, or expired). */
  LOCK_DOES_NOT_EXIST(1),
  /** Another owner holds the lock; it is left as it was. */
  LOCK_BELONGS_TO_OTHERS(2),
  /** The store could not tell. */
  INTERNAL_ERROR(3);

  private final int code;

  UnlockStatus(int code) {
    this.code = code;
  }

  /** Dapr's number for this status. */
  public int code() {
    return code;
  }
}
