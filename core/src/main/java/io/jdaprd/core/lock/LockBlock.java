package io.jdaprd.core.lock;

import io.jdaprd.errors.factories.LockErrors;

/**
 * Distributed lock. No lock store type is built yet. daprd checks a try-lock's expiry before it looks for the store
 * (on both wires: the HTTP API decodes the body into the same request), then answers
 * {@code ERR_LOCK_STORE_NOT_CONFIGURED}.
 */
public final class LockBlock {
  /** Tries to take a lock of {@code store} for {@code expiryInSeconds}. */
  public void tryLock(String store, long expiryInSeconds) {
    if (expiryInSeconds <= 0) {
      throw LockErrors.expiryNotPositive(store);
    }
    throw LockErrors.notConfigured();
  }

  /** Releases a lock of {@code store}. */
  public void unlock(String store) {
    throw LockErrors.notConfigured();
  }
}
