package io.jdaprd.spi.testkit.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.testkit.SuiteRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The lock conformance suite can fail: a store that keeps its promises passes every check, and stores that each
 * break one promise fail the checks of that promise.
 */
class LockStoreConformanceBitesTest {

  @Test
  @DisplayName("a conforming store passes every check")
  void conformingStorePasses() {
    SuiteRun run = SuiteRun.of(LockSuites.Conforming.class);
    assertThat(run.failed()).as("failures: %s", run.failures()).isEmpty();
    assertThat(run.skipped()).isEmpty();
    assertThat(run.passed()).containsExactlyInAnyOrder("heldLockRefusesEveryone", "ownerReleases",
        "nonOwnerCannotRelease", "releaseWithoutLock", "lockExpires", "resourcesAreIndependent", "idsAreExact",
        "exactlyOneOfManyRacingOwnersWins");
  }

  @Test
  @DisplayName("a reentrant store fails the held-lock check")
  void reentrantIsCaught() {
    SuiteRun run = SuiteRun.of(LockSuites.Reentrant.class, "heldLockRefusesEveryone", "ownerReleases");
    assertThat(run.failed()).containsExactly("heldLockRefusesEveryone");
    assertThat(run.failures().get("heldLockRefusesEveryone")).contains("not reentrant");
  }

  @Test
  @DisplayName("a store that releases for anyone fails the non-owner checks")
  void foreignReleaseIsCaught() {
    SuiteRun run = SuiteRun.of(LockSuites.UnlockIgnoresOwner.class, "nonOwnerCannotRelease", "ownerReleases");
    assertThat(run.failed()).containsExactly("nonOwnerCannotRelease");
  }

  @Test
  @DisplayName("a store whose locks never expire fails the expiry check")
  void noExpiryIsCaught() {
    SuiteRun run = SuiteRun.of(LockSuites.NeverExpires.class, "lockExpires");
    assertThat(run.failed()).containsExactly("lockExpires");
    assertThat(run.failures().get("lockExpires")).contains("to expire");
  }

  @Test
  @DisplayName("a store that takes locks with a read and a later write fails the race")
  void racyTakeIsCaught() {
    SuiteRun run = SuiteRun.of(LockSuites.CheckThenSet.class, "exactlyOneOfManyRacingOwnersWins");
    assertThat(run.failed()).containsExactly("exactlyOneOfManyRacingOwnersWins");
  }

  @Test
  @DisplayName("a store answering SUCCESS for releasing nothing fails the release check")
  void releaseOfNothingIsCaught() {
    SuiteRun run = SuiteRun.of(LockSuites.ReleaseOfNothingSucceeds.class, "releaseWithoutLock", "ownerReleases");
    assertThat(run.failed()).containsExactly("releaseWithoutLock");
  }
}
