package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;

/** Errors of the distributed lock API, checked in daprd's order: expiry, stores, resource id, owner, store. */
public final class LockErrors {
  /** The component type of lock stores. */
  public static final String RESOURCE_TYPE = "lock";

  private LockErrors() {
  }

  /** TryLock with an expiry that is not positive (checked first). */
  public static DaprException expiryNotPositive(String store) {
    return Errors.about(ErrorCode.LOCK_EXPIRY_NOT_POSITIVE, RESOURCE_TYPE, store, store);
  }

  /** No lock store is loaded. */
  public static DaprException notConfigured() {
    return Errors.of(ErrorCode.LOCK_STORE_NOT_CONFIGURED);
  }

  /** The resource id is empty. */
  public static DaprException resourceIdEmpty(String store) {
    return Errors.about(ErrorCode.LOCK_RESOURCE_ID_EMPTY, RESOURCE_TYPE, store, store);
  }

  /** The lock owner is empty. */
  public static DaprException ownerEmpty(String store) {
    return Errors.about(ErrorCode.LOCK_OWNER_EMPTY, RESOURCE_TYPE, store, store);
  }

  /** The named store does not exist. */
  public static DaprException storeNotFound(String store) {
    return Errors.about(ErrorCode.LOCK_STORE_NOT_FOUND, RESOURCE_TYPE, store, store);
  }

  /** Acquiring failed; a resource id containing {@code ||} lands here too. */
  public static DaprException tryLock(String store, Object cause) {
    return Errors.about(ErrorCode.TRY_LOCK, RESOURCE_TYPE, store, cause);
  }

  /** Releasing failed. */
  public static DaprException unlock(String store, Object cause) {
    return Errors.about(ErrorCode.UNLOCK, RESOURCE_TYPE, store, cause);
  }
}
