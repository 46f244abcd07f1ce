package io.jdaprd.core.lock;

import io.jdaprd.core.component.LiveComponents;
import io.jdaprd.errors.factories.LockErrors;
import io.jdaprd.spi.lock.LockException;
import io.jdaprd.spi.lock.LockStore;
import io.jdaprd.spi.lock.UnlockStatus;
import java.util.Map;
import java.util.Set;

/**
 * Distributed lock, as daprd's universal API runs it (the same on HTTP and gRPC). Checks run in daprd's order: a
 * try-lock's expiry first ({@code ExpiryInSeconds is not positive}, before the stores are looked at), then whether
 * any lock store is loaded, an empty resource id, an empty owner, and the store's name. The resource id is then
 * turned into the stored key ({@link LockKeys}); an id containing {@code ||} fails there with
 * {@code ERR_TRY_LOCK}/{@code ERR_UNLOCK}, and so does a store's failure, its text after daprd's words. The stores
 * follow hot reload ({@link #stores()}): a call uses the store of its lookup, which is closed only after it.
 */
public final class LockBlock {
  private final LiveComponents<Store> stores;

  /** One lock store and its key strategy. */
  public record Store(String name, LockStore store, LockKeys keys) {
  }

  /** A block without lock stores: every request but a bad try-lock expiry answers "not configured". */
  public LockBlock() {
    this(Map.of());
  }

  /** @param stores the loaded lock stores, by component name */
  public LockBlock(Map<String, Store> stores) {
    this.stores = new LiveComponents<>(stores);
  }

  /**
   * Tries to take the lock on {@code resourceId} of {@code store} for {@code owner}; returns at once.
   *
   * @return whether {@code owner} now holds the lock
   * @throws io.jdaprd.errors.DaprException daprd's error for the first check that fails, or {@code ERR_TRY_LOCK}
   */
  public boolean tryLock(String store, String resourceId, String owner, int expiryInSeconds) {
    if (expiryInSeconds <= 0) {
      throw LockErrors.expiryNotPositive(store);
    }
    LiveComponents.Entry<Store> entry = require(store, resourceId, owner);
    Store s = entry.component();
    try {
      String key;
      try {
        key = s.keys().key(resourceId);
      } catch (IllegalArgumentException e) {
        throw LockErrors.tryLock(store, e.getMessage());
      }
      try {
        return s.store().tryLock(key, owner, expiryInSeconds);
      } catch (LockException e) {
        throw LockErrors.tryLock(store, text(e));
      }
    } finally {
      entry.inFlight().exit();
    }
  }

  /**
   * Releases the lock on {@code resourceId} of {@code store} if {@code owner} holds it.
   *
   * @return how the release ended
   * @throws io.jdaprd.errors.DaprException daprd's error for the first check that fails, or {@code ERR_UNLOCK}
   */
  public UnlockStatus unlock(String store, String resourceId, String owner) {
    LiveComponents.Entry<Store> entry = require(store, resourceId, owner);
    Store s = entry.component();
    try {
      String key;
      try {
        key = s.keys().key(resourceId);
      } catch (IllegalArgumentException e) {
        throw LockErrors.unlock(store, e.getMessage());
      }
      try {
        return s.store().unlock(key, owner);
      } catch (LockException e) {
        throw LockErrors.unlock(store, text(e));
      }
    } finally {
      entry.inFlight().exit();
    }
  }

  /** The names of the loaded lock stores. */
  public Set<String> storeNames() {
    return stores.names();
  }

  /** The lock stores of now; hot reload puts and removes them. */
  public LiveComponents<Store> stores() {
    return stores;
  }

  /** The store counted in flight, after daprd's checks in its order. */
  private LiveComponents.Entry<Store> require(String store, String resourceId, String owner) {
    if (stores.isEmpty()) {
      throw LockErrors.notConfigured();
    }
    if (resourceId == null || resourceId.isEmpty()) {
      throw LockErrors.resourceIdEmpty(store);
    }
    if (owner == null || owner.isEmpty()) {
      throw LockErrors.ownerEmpty(store);
    }
    LiveComponents.Entry<Store> s = stores.acquire(store);
    if (s == null && stores.isEmpty()) {
      throw LockErrors.notConfigured();
    }
    if (s == null) {
      throw LockErrors.storeNotFound(store);
    }
    return s;
  }

  private static String text(LockException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
