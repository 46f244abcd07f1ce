package io.jdaprd.spi.testkit.lock;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.lock.LockStore;
import java.util.Map;

/**
 * {@link LockStoreConformance} against a {@link ReferenceLockStore} with each defect, one nested suite per defect;
 * {@link LockStoreConformanceBitesTest} runs them through the JUnit Platform (Surefire does not run them by itself).
 */
final class LockSuites {
  private LockSuites() {
  }

  /** The suite against a store with {@code defect}. */
  abstract static class Against extends LockStoreConformance {
    private final ReferenceLockStore.Defect defect;

    Against(ReferenceLockStore.Defect defect) {
      this.defect = defect;
    }

    @Override
    protected LockStore createLockStore(ComponentMetadata metadata) {
      return new ReferenceLockStore(defect);
    }

    @Override
    protected Map<String, String> lockMetadata() {
      return Map.of();
    }

    @Override
    protected String lockType() {
      return "lock.reference";
    }
  }

  /** Keeps every promise. */
  static final class Conforming extends Against {
    Conforming() {
      super(ReferenceLockStore.Defect.NONE);
    }
  }

  /** Lets an owner take its own lock again. */
  static final class Reentrant extends Against {
    Reentrant() {
      super(ReferenceLockStore.Defect.REENTRANT);
    }
  }

  /** Releases for anyone. */
  static final class UnlockIgnoresOwner extends Against {
    UnlockIgnoresOwner() {
      super(ReferenceLockStore.Defect.UNLOCK_IGNORES_OWNER);
    }
  }

  /** Never expires a lock. */
  static final class NeverExpires extends Against {
    NeverExpires() {
      super(ReferenceLockStore.Defect.NEVER_EXPIRES);
    }
  }

  /** Takes locks with a read and a later write. */
  static final class CheckThenSet extends Against {
    CheckThenSet() {
      super(ReferenceLockStore.Defect.CHECK_THEN_SET);
    }
  }

  /** Answers SUCCESS for releasing nothing. */
  static final class ReleaseOfNothingSucceeds extends Against {
    ReleaseOfNothingSucceeds() {
      super(ReferenceLockStore.Defect.RELEASE_OF_NOTHING_SUCCEEDS);
    }
  }
}
