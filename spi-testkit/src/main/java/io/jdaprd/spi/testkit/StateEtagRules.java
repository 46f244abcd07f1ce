package io.jdaprd.spi.testkit;

import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.StateException;

/**
 * How a store's daprd counterpart treats ETags and concurrency, where daprd's stores differ. A store's conformance
 * test says which rules it keeps ({@link StateStoreFixture#etagRules()}); the ETag and transaction checks expect them.
 */
public enum StateEtagRules {
  /**
   * The rules of daprd's {@code state.in-memory} and {@code state.sqlite}: an ETag is compared whatever the
   * concurrency, and an ETag on an absent key is a mismatch, for sets and deletes; first-write without ETag only
   * inserts, and fails with a mismatch (HTTP 409) on a live key.
   */
  STRICT,
  /**
   * The rules of daprd's {@code state.postgresql} (v1 and v2): those of {@link #STRICT}, except that a first-write
   * without ETag of a live key fails with a plain error ({@code no item was updated}, HTTP 500), not a mismatch.
   */
  POSTGRES,
  /**
   * The rules of daprd's {@code state.redis} Lua scripts: a set or delete of an absent key goes through whatever
   * ETag it carries; last-write ignores a set's ETag; first-write without ETag writes unless the key was itself
   * written under first-write, and then fails with a plain error (HTTP 500), not an ETag mismatch, as does any set
   * without ETag of such a key. Transactions check ETags the same way but never mark a key as first-write.
   */
  REDIS;

  /** What a first-write without ETag that finds the key taken throws. */
  public Class<? extends StateException> firstWriteConflict() {
    return this == STRICT ? EtagMismatchException.class : StateException.class;
  }
}
