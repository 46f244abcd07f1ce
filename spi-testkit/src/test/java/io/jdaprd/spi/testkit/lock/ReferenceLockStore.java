package io.jdaprd.spi.testkit.lock;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.lock.LockStore;
import io.jdaprd.spi.lock.UnlockStatus;
import java.util.HashMap;
import java.util.Map;

/**
 * An in-process lock store shared by all instances (as a backend is), keeping every promise unless given a
 * {@link Defect}, which breaks exactly one.
 */
final class ReferenceLockStore implements LockStore {
  /** What the store gets wrong. */
  enum Defect {
    NONE,
    /** The owner may take its own lock again. */
    REENTRANT,
    /** Anyone's release releases the lock. */
    UNLOCK_IGNORES_OWNER,
    /** Locks never expire. */
    NEVER_EXPIRES,
    /** Takes the lock with a read and a later write, not atomically. */
    CHECK_THEN_SET,
    /** Releasing a lock nobody holds answers SUCCESS. */
    RELEASE_OF_NOTHING_SUCCEEDS
  }

  private record Held(String owner, long expiresAtNanos) {
  }

  private static final Map<String, Held> LOCKS = new HashMap<>();
  private final Defect defect;

  ReferenceLockStore(Defect defect) {
    this.defect = defect;
  }

  @Override
  public void init(ComponentMetadata metadata) {
  }

  @Override
  public boolean tryLock(String resourceId, String owner, int expiryInSeconds) {
    if (defect == Defect.CHECK_THEN_SET) {
      Held held;
      synchronized (LOCKS) {
        held = live(resourceId);
      }
      if (held != null) {
        return false;
      }
      Thread.yield();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (LOCKS) {
        LOCKS.put(resourceId, new Held(owner, expiry(expiryInSeconds)));
        return true;
      }
    }
    synchronized (LOCKS) {
      Held held = live(resourceId);
      if (held != null) {
        return defect == Defect.REENTRANT && held.owner().equals(owner);
      }
      LOCKS.put(resourceId, new Held(owner, expiry(expiryInSeconds)));
      return true;
    }
  }

  @Override
  public UnlockStatus unlock(String resourceId, String owner) {
    synchronized (LOCKS) {
      Held held = live(resourceId);
      if (held == null) {
        return defect == Defect.RELEASE_OF_NOTHING_SUCCEEDS ? UnlockStatus.SUCCESS : UnlockStatus.LOCK_DOES_NOT_EXIST;
      }
      if (!held.owner().equals(owner) && defect != Defect.UNLOCK_IGNORES_OWNER) {
        return UnlockStatus.LOCK_BELONGS_TO_OTHERS;
      }
      LOCKS.remove(resourceId);
      return UnlockStatus.SUCCESS;
    }
  }

  private long expiry(int seconds) {
    return defect == Defect.NEVER_EXPIRES ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
  }

  private static Held live(String resourceId) {
    Held held = LOCKS.get(resourceId);
    if (held != null && held.expiresAtNanos() != Long.MAX_VALUE && System.nanoTime() - held.expiresAtNanos() >= 0) {
      LOCKS.remove(resourceId);
      return null;
    }
    return held;
  }
}
