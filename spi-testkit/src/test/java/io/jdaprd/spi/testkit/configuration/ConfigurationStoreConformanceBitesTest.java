package io.jdaprd.spi.testkit.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.testkit.SuiteRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The configuration store conformance suite can fail: a store keeping its promises passes every check, and stores
 * that each break one promise fail the checks of that promise.
 */
class ConfigurationStoreConformanceBitesTest {
  private static final String[] ALL = {"getAnswersValueAndVersion", "missingKeyIsLeftOut",
      "getWithoutKeysAnswersEverything", "subscriptionReportsItsKeys", "subscriptionWithoutKeysReportsAll",
      "subscriptionsAreDistinct", "unsubscribeEndsTheSubscription", "unknownIdFails", "storesShareTheBackend"};

  @Test
  @DisplayName("a conforming store passes every check")
  void conformingStorePasses() {
    SuiteRun run = SuiteRun.of(ConfigurationSuites.Conforming.class);
    assertThat(run.failed()).as("checks failed by the conforming reference: %s", run.failures()).isEmpty();
    assertThat(run.passed()).containsExactlyInAnyOrder(ALL);
  }

  @Test
  @DisplayName("a store losing versions fails the get check")
  void droppedVersionIsCaught() {
    assertThat(SuiteRun.of(ConfigurationSuites.DropsVersion.class).failed())
        .containsExactly("getAnswersValueAndVersion");
  }

  @Test
  @DisplayName("a store reporting keys nobody watches fails the subscription check")
  void everyKeyIsCaught() {
    assertThat(SuiteRun.of(ConfigurationSuites.NotifiesEveryKey.class).failed())
        .contains("subscriptionReportsItsKeys");
  }

  @Test
  @DisplayName("a store reporting after unsubscribe fails the unsubscribe check")
  void reportingAfterUnsubscribeIsCaught() {
    assertThat(SuiteRun.of(ConfigurationSuites.KeepsReporting.class).failed())
        .containsExactly("unsubscribeEndsTheSubscription");
  }

  @Test
  @DisplayName("a store answering one id for two subscriptions fails the distinct-ids check")
  void sameIdIsCaught() {
    assertThat(SuiteRun.of(ConfigurationSuites.SameId.class).failed()).contains("subscriptionsAreDistinct");
  }

  @Test
  @DisplayName("a store failing on a missing key fails the missing-key check")
  void missingKeyFailureIsCaught() {
    assertThat(SuiteRun.of(ConfigurationSuites.MissingKeyFails.class).failed())
        .containsExactly("missingKeyIsLeftOut");
  }
}
