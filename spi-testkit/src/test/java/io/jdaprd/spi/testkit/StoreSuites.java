package io.jdaprd.spi.testkit;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.StateStore;
import java.util.Map;

/**
 * {@link StateStoreConformance} against a {@link ReferenceStateStore} with each {@link ReferenceStateStore.Defect},
 * one nested suite per defect. Surefire does not run nested classes by itself: {@link StateStoreConformanceBitesTest}
 * runs them through the JUnit Platform and reads their results.
 */
final class StoreSuites {
  private StoreSuites() {
  }

  /** The suite against a store with {@code defect}. */
  abstract static class Against extends StateStoreConformance {
    private final ReferenceStateStore.Defect defect;

    Against(ReferenceStateStore.Defect defect) {
      this.defect = defect;
    }

    @Override
    protected StateStore createStore(ComponentMetadata metadata) {
      return new ReferenceStateStore(defect);
    }

    @Override
    protected Map<String, String> storeMetadata() {
      return Map.of();
    }

    @Override
    protected String storeType() {
      return "state.reference";
    }
  }

  /** A store that keeps every promise. */
  static final class Conforming extends Against {
    Conforming() {
      super(ReferenceStateStore.Defect.NONE);
    }
  }

  /** A store whose writes and deletes ignore ETags. */
  static final class IgnoringEtags extends Against {
    IgnoringEtags() {
      super(ReferenceStateStore.Defect.IGNORES_ETAG);
    }
  }

  /** A store whose transactions keep the operations before a failing one. */
  static final class NonAtomicTransactions extends Against {
    NonAtomicTransactions() {
      super(ReferenceStateStore.Defect.NON_ATOMIC_TRANSACTION);
    }
  }

  /** A store whose values with a TTL expire at once. */
  static final class ExpiringAtOnce extends Against {
    ExpiringAtOnce() {
      super(ReferenceStateStore.Defect.EXPIRES_AT_ONCE);
    }
  }
}
