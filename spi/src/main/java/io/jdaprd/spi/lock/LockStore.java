package io.jdaprd.spi.lock;

import io.jdaprd.spi.Component;

/**
 * A distributed lock store. The contract every implementation keeps (and {@code spi-testkit}'s
 * {@code LockStoreConformance} checks):
 *
 * <ul>
 *   <li><b>Mutual exclusion.</b> While a lock on a resource is held, {@link #tryLock} for that resource answers
 *       {@code false} to every caller, including the owner itself (a lock is not reentrant), and never waits.</li>
 *   <li><b>Expiry.</b> A lock is released by itself {@code expiryInSeconds} after it was taken; then anyone may take
 *       it again.</li>
 *   <li><b>Owner only.</b> {@link #unlock} releases the lock only for the owner that took it
 *       ({@link UnlockStatus#SUCCESS}); for another owner it answers {@link UnlockStatus#LOCK_BELONGS_TO_OTHERS} and
 *       leaves the lock, and for a resource without a lock {@link UnlockStatus#LOCK_DOES_NOT_EXIST}.</li>
 *   <li><b>Resources are independent</b>: a lock on one resource id never blocks another.</li>
 * </ul>
 *
 * <p>The resource id the runtime passes is the stored key ({@code lock||appid||resource}), already prefixed; a
 * store uses it as it is, so that daprd and jdaprd sidecars on the same backend contend for the same locks.
 */
public interface LockStore extends Component {

  /**
   * Takes the lock on {@code resourceId} for {@code owner} if nobody holds it; returns at once either way.
   *
   * @param expiryInSeconds how long the lock lasts unless released, positive
   * @return whether {@code owner} now holds the lock
   * @throws LockException when the backend fails
   */
  boolean tryLock(String resourceId, String owner, int expiryInSeconds) throws LockException;

  /**
   * Releases the lock on {@code resourceId} if {@code owner} holds it.
   *
   * @return how the release ended; never {@code null}
   * @throws LockException when the backend fails
   */
  UnlockStatus unlock(String resourceId, String owner) throws LockException;
}
