package io.jdaprd.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.spi.lock.LockException;
import io.jdaprd.spi.lock.LockStore;
import io.jdaprd.spi.lock.UnlockStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link LockBlock}: daprd's check order, its error texts, the stored keys, the store's answers passed through. */
class LockBlockTest {
  private final List<String> calls = new ArrayList<>();
  private boolean fail;

  private final LockStore store = new LockStore() {
    @Override
    public void init(io.jdaprd.spi.ComponentMetadata metadata) {
    }

    @Override
    public boolean tryLock(String resourceId, String owner, int expiryInSeconds) throws LockException {
      calls.add("try " + resourceId + " " + owner + " " + expiryInSeconds);
      if (fail) {
        throw new LockException("redis is down");
      }
      return owner.equals("winner");
    }

    @Override
    public UnlockStatus unlock(String resourceId, String owner) throws LockException {
      calls.add("unlock " + resourceId + " " + owner);
      if (fail) {
        throw new LockException("redis is down");
      }
      return UnlockStatus.LOCK_BELONGS_TO_OTHERS;
    }
  };

  private final LockBlock block = new LockBlock(Map.of("lockstore",
      new LockBlock.Store("lockstore", store, LockKeys.of(Map.of(), "lockstore", "myapp"))));

  private static void fails(ThrowingCallable call, ErrorCode code, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(DaprException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  @Test
  @DisplayName("the key is lock||app||id and the store's answers pass through")
  void passesThrough() {
    assertThat(block.tryLock("lockstore", "res", "winner", 5)).isTrue();
    assertThat(block.tryLock("lockstore", "res", "loser", 5)).isFalse();
    assertThat(block.unlock("lockstore", "res", "x")).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(calls).containsExactly("try lock||myapp||res winner 5", "try lock||myapp||res loser 5",
        "unlock lock||myapp||res x");
  }

  @Test
  @DisplayName("try-lock checks the expiry before anything, even without stores")
  void expiryFirst() {
    fails(() -> new LockBlock().tryLock("s", "", "", 0), ErrorCode.LOCK_EXPIRY_NOT_POSITIVE,
        "ExpiryInSeconds is not positive in lock store s");
    fails(() -> block.tryLock("nope", "", "", -1), ErrorCode.LOCK_EXPIRY_NOT_POSITIVE,
        "ExpiryInSeconds is not positive in lock store nope");
  }

  @Test
  @DisplayName("then: not configured, resource id, owner, store (so an unknown store with an empty id is about the id)")
  void order() {
    fails(() -> new LockBlock().tryLock("s", "", "", 1), ErrorCode.LOCK_STORE_NOT_CONFIGURED,
        "lock store is not configured");
    fails(() -> new LockBlock().unlock("s", "r", "o"), ErrorCode.LOCK_STORE_NOT_CONFIGURED,
        "lock store is not configured");
    fails(() -> block.tryLock("nope", "", "", 1), ErrorCode.LOCK_RESOURCE_ID_EMPTY,
        "ResourceId is empty in lock store nope");
    fails(() -> block.unlock("nope", "r", ""), ErrorCode.LOCK_OWNER_EMPTY, "LockOwner is empty in lock store nope");
    fails(() -> block.unlock("nope", "r", "o"), ErrorCode.LOCK_STORE_NOT_FOUND, "lock store nope not found");
    assertThat(calls).isEmpty();
  }

  @Test
  @DisplayName("an id with || and a store failure are ERR_TRY_LOCK / ERR_UNLOCK with daprd's words")
  void failures() {
    fails(() -> block.tryLock("lockstore", "a||b", "o", 1), ErrorCode.TRY_LOCK,
        "failed to try acquiring lock: input key/keyPrefix 'a||b' can't contain '||'");
    fails(() -> block.unlock("lockstore", "a||b", "o"), ErrorCode.UNLOCK,
        "failed to release lock: input key/keyPrefix 'a||b' can't contain '||'");
    assertThat(calls).isEmpty();
    fail = true;
    fails(() -> block.tryLock("lockstore", "r", "o", 1), ErrorCode.TRY_LOCK,
        "failed to try acquiring lock: redis is down");
    fails(() -> block.unlock("lockstore", "r", "o"), ErrorCode.UNLOCK, "failed to release lock: redis is down");
  }
}
