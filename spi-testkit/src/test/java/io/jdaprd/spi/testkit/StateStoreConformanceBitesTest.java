package io.jdaprd.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The state store conformance suite can fail: run against a store that keeps its promises it passes every check, and
 * run against stores that each break one promise it fails exactly the checks of that promise.
 */
class StateStoreConformanceBitesTest {

  @Test
  @DisplayName("a conforming store passes every check of its rules, the ETag, transaction and TTL ones included")
  void conformingStorePasses() {
    SuiteRun run = SuiteRun.of(StoreSuites.Conforming.class);
    assertThat(run.failed()).as("checks failed by the conforming reference store: %s", run.failures()).isEmpty();
    assertThat(run.skipped()).as("the reference store has ETAG, TTL and transactions: only the checks of Redis's "
        + "own ETag rules skip for a store with the strict rules")
        .containsOnly("firstWriteFollowsTheMark", "transactionKeepsTheRedisRules");
    assertThat(run.passed()).contains("setWithWrongEtagFails", "deleteWithWrongEtagFails",
        "concurrentEtagWritersHaveOneWinner", "failedTransactionLeavesNothing", "valueExpires");
  }

  @Test
  @DisplayName("a store that ignores ETags fails the ETag checks")
  void ignoredEtagIsCaught() {
    SuiteRun run = SuiteRun.of(StoreSuites.IgnoringEtags.class);
    assertThat(run.failed()).as("the suite notices a store that ignores ETags").contains(
        "setWithWrongEtagFails", "setWithEtagOnMissingKey", "deleteWithWrongEtagFails",
        "firstWriteWithoutEtagOnlyInserts", "concurrentFirstWritesHaveOneWinner",
        "concurrentEtagWritersHaveOneWinner", "failedTransactionLeavesNothing");
    assertThat(run.passed()).as("checks that do not involve ETags still pass")
        .contains("roundTripKeepsBytesExactly", "transactionAppliesUpsertsAndDeletes", "valueExpires");
  }

  @Test
  @DisplayName("a store whose transactions are not atomic fails the atomicity check, and only it")
  void nonAtomicTransactionIsCaught() {
    SuiteRun run = SuiteRun.of(StoreSuites.NonAtomicTransactions.class);
    assertThat(run.failed()).as("the suite notices a transaction that keeps part of its work")
        .containsExactly("failedTransactionLeavesNothing");
    assertThat(run.failures().get("failedTransactionLeavesNothing")).contains("transactions are atomic");
  }

  @Test
  @DisplayName("a store whose values expire before their TTL fails the readable-before-expiry check")
  void earlyExpiryIsCaught() {
    SuiteRun run = SuiteRun.of(StoreSuites.ExpiringAtOnce.class, "valueExpires");
    assertThat(run.failed()).as("the suite notices a value that is gone before its TTL passed")
        .containsExactly("valueExpires");
    assertThat(run.failures().get("valueExpires")).contains("readable before the TTL has passed");
  }
}
